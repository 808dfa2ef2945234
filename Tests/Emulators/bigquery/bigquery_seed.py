#!/usr/bin/env python3
"""The data set every BigQuery test reads, loaded through the official client (REST insertAll).

    python3 bigquery_seed.py --url http://127.0.0.1:59050 --project switchyard-test

Datasets `sales` (all_types: every type, with edge values and a row of NULLs; orders: 3000 rows)
and `analytics` (events: 2000 rows with RECORD and REPEATED fields). Safe to run again: a data set
already in place is left alone. BIGNUMERIC is absent: bqemulator cannot store it.
"""

import argparse
import datetime

from google.api_core.client_options import ClientOptions
from google.auth.credentials import AnonymousCredentials
from google.cloud import bigquery

F = bigquery.SchemaField
RETRY = bigquery.DEFAULT_RETRY.with_timeout(30)

ALL_TYPES_SCHEMA = [
    F("id", "INT64", mode="REQUIRED"),
    F("c_int64", "INT64"), F("c_numeric", "NUMERIC"), F("c_float64", "FLOAT64"), F("c_bool", "BOOL"),
    F("c_string", "STRING"), F("c_bytes", "BYTES"), F("c_date", "DATE"), F("c_time", "TIME"),
    F("c_datetime", "DATETIME"), F("c_timestamp", "TIMESTAMP"), F("c_geography", "GEOGRAPHY"),
    F("c_json", "JSON"), F("c_repeated", "INT64", mode="REPEATED"),
    F("c_record", "RECORD", fields=[
        F("a", "STRING"),
        F("items", "RECORD", mode="REPEATED", fields=[F("x", "FLOAT64"), F("tags", "STRING", mode="REPEATED")]),
    ]),
]

ALL_TYPES_ROWS = [
    {"id": 1, "c_int64": 9007199254740993, "c_numeric": "12345678.91", "c_float64": 3.141592653589793,
     "c_bool": True, "c_string": "hello, world", "c_bytes": "AP9BQg==", "c_date": "2024-02-29",
     "c_time": "13:45:30.123456", "c_datetime": "2024-02-29T13:45:30.123456",
     "c_timestamp": "2024-02-29T13:45:30.123456Z", "c_geography": "POINT(1 2)",
     "c_json": '{"a":[1,2],"b":null}', "c_repeated": [1, 2, 3],
     "c_record": {"a": "one", "items": [{"x": 1.5, "tags": ["p", "q"]}, {"x": 2.5, "tags": []}]}},
    {"id": 2, "c_int64": -9223372036854775808, "c_numeric": "-99999999999999999999999999999.999999999",
     "c_float64": -0.5, "c_bool": False, "c_string": "Ümlä \"quoted\"\nline", "c_bytes": "",
     "c_date": "0001-01-01", "c_time": "00:00:00", "c_datetime": "9999-12-31T23:59:59.999999",
     "c_timestamp": "1970-01-01T00:00:00Z", "c_geography": "LINESTRING(0 0, 1 1)", "c_json": "[]",
     "c_repeated": [], "c_record": {"a": None, "items": []}},
    {"id": 3},
]


def client(url, project):
    return bigquery.Client(project=project, credentials=AnonymousCredentials(),
                           client_options=ClientOptions(api_endpoint=url))


def ensure_table(bq, table_id, schema, rows):
    """Creates and fills a table unless it already holds its rows."""
    try:
        if bq.get_table(table_id, retry=RETRY).num_rows == len(rows):
            return False
        bq.delete_table(table_id, retry=RETRY)
    except Exception:  # not there yet
        pass
    table = bq.create_table(bigquery.Table(table_id, schema=schema), retry=RETRY)
    for start in range(0, len(rows), 1000):
        errors = bq.insert_rows_json(table, rows[start:start + 1000], retry=RETRY)
        if errors:
            raise RuntimeError(f"insertAll into {table_id} failed: {errors[:3]}")
    return True


def seed(url, project):
    bq = client(url, project)
    for dataset in ("sales", "analytics"):
        bq.create_dataset(f"{project}.{dataset}", exists_ok=True, retry=RETRY)
    ensure_table(bq, f"{project}.sales.all_types", ALL_TYPES_SCHEMA, ALL_TYPES_ROWS)
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    orders = [{"id": i, "customer": f"customer-{i % 97}", "amount": f"{(i * 37) % 100000 / 100:.2f}",
               "ordered_at": (start + datetime.timedelta(minutes=i)).isoformat(),
               "tags": [f"t{i % 3}", f"t{i % 5}"] if i % 10 else []} for i in range(1, 3001)]
    ensure_table(bq, f"{project}.sales.orders",
                 [F("id", "INT64"), F("customer", "STRING"), F("amount", "NUMERIC"),
                  F("ordered_at", "TIMESTAMP"), F("tags", "STRING", mode="REPEATED")], orders)
    events = [{"event_id": i, "kind": ["view", "click", None][i % 3],
               "detail": {"session": f"s{i % 50}", "score": (i % 7) * 1.25}} for i in range(1, 2001)]
    ensure_table(bq, f"{project}.analytics.events",
                 [F("event_id", "INT64"), F("kind", "STRING"),
                  F("detail", "RECORD", fields=[F("session", "STRING"), F("score", "FLOAT64")])], events)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--project", default="switchyard-test")
    args = parser.parse_args()
    seed(args.url, args.project)
    print(f"seeded {args.project}: sales.all_types, sales.orders, analytics.events")
