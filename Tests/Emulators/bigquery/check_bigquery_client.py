#!/usr/bin/env python3
"""Proof of the BigQuery test bed with the official client (google-cloud-bigquery): service-account
login through the token stub, datasets and tables, insertAll, paged queries, getQueryResults,
schemas with REPEATED and RECORD, jobs.cancel seen by the recording proxy.

    python3 check_bigquery_client.py   (reads SWITCHYARD_TEST_BIGQUERY_{URL,EMULATOR_URL,TOKEN_URL,
                                         KEY_FILE,PROJECT} as printed by scripts/test-emulators env)
"""

import datetime
import decimal
import json
import os
import sys
import urllib.request
import uuid

from google.api_core.client_options import ClientOptions
from google.api_core.exceptions import GoogleAPICallError
from google.auth.exceptions import RefreshError
from google.cloud import bigquery
from google.oauth2 import service_account

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checklist import Checklist, expect  # noqa: E402

env = os.environ.get
PROXY = env("SWITCHYARD_TEST_BIGQUERY_URL", "http://127.0.0.1:59051")
TOKEN_URL = env("SWITCHYARD_TEST_BIGQUERY_TOKEN_URL", "http://127.0.0.1:59052/token")
KEY_FILE = env("SWITCHYARD_TEST_BIGQUERY_KEY_FILE")
PROJECT = env("SWITCHYARD_TEST_BIGQUERY_PROJECT", "switchyard-test")
SCOPE = "https://www.googleapis.com/auth/bigquery"
RETRY = bigquery.DEFAULT_RETRY.with_timeout(30)
TOKEN_BASE = TOKEN_URL.rsplit("/", 1)[0]


def call(url, payload=None):
    data = None if payload is None else json.dumps(payload).encode()
    with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=10) as r:
        return json.load(r)


def proxied(method=None, contains=""):
    return [r for r in call(PROXY + "/_proxy/requests")["requests"]
            if (method is None or r["method"] == method) and contains in r["path"]]


def key_info():
    with open(KEY_FILE) as f:
        return json.load(f)


def client(info=None):
    credentials = service_account.Credentials.from_service_account_info(info or key_info(), scopes=[SCOPE])
    return bigquery.Client(project=PROJECT, credentials=credentials,
                           client_options=ClientOptions(api_endpoint=PROXY))


checks = Checklist("bigquery")
if not KEY_FILE:
    print("SWITCHYARD_TEST_BIGQUERY_KEY_FILE is not set (eval \"$(scripts/test-emulators env)\")")
    sys.exit(2)
call(PROXY + "/_proxy/reset", {})
call(TOKEN_BASE + "/_token/reset", {})
bq = client()
scratch = f"check_{uuid.uuid4().hex[:8]}"


@checks.check("service-account login: signed JWT exchanged at token_uri, Bearer token sent")
def _():
    list(bq.list_datasets(retry=RETRY))
    logins = call(TOKEN_BASE + "/_token/requests")["requests"]
    expect(len(logins), 1, "token requests")
    login = logins[0]
    expect(login["status"], 200, "token status")
    expect(login["form"]["grant_type"], "urn:ietf:params:oauth:grant-type:jwt-bearer", "grant_type")
    info = key_info()
    expect(login["jwt_header"]["kid"], info["private_key_id"], "kid")
    expect(login["jwt_claims"]["iss"], info["client_email"], "iss")
    expect(login["jwt_claims"]["aud"], "https://oauth2.googleapis.com/token", "aud (google-auth's constant)")
    sent = proxied("GET", "/datasets")[0]["headers"]["authorization"]
    expect(sent, f"Bearer {login['access_token']}", "Authorization on the API call")


@checks.check("a key the endpoint does not know is refused (invalid_grant)")
def _():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = other.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()).decode()
    try:
        list(client(dict(key_info(), private_key=pem)).list_datasets(retry=RETRY))
    except RefreshError as e:
        expect("Invalid JWT Signature" in str(e), True, f"refusal message {e}")
    else:
        raise AssertionError("a wrongly signed JWT was accepted")


@checks.check("datasets.list and tables.list show the seeded data set")
def _():
    # Without maxResults: bqemulator cuts a list at maxResults and gives no nextPageToken.
    names = [d.dataset_id for d in bq.list_datasets(retry=RETRY)]
    for name in ("sales", "analytics"):
        if name not in names:
            raise AssertionError(f"{name} missing from {names}")
    tables = sorted(t.table_id for t in bq.list_tables(f"{PROJECT}.sales", retry=RETRY))
    for name in ("all_types", "orders"):
        if name not in tables:
            raise AssertionError(f"{name} missing from {tables}")


@checks.check("create dataset and table, insertAll, tables.get with REPEATED and RECORD")
def _():
    bq.create_dataset(f"{PROJECT}.{scratch}", retry=RETRY)
    F = bigquery.SchemaField
    schema = [F("id", "INT64"), F("tags", "STRING", mode="REPEATED"),
              F("rec", "RECORD", fields=[F("a", "STRING"), F("items", "RECORD", mode="REPEATED",
                                                             fields=[F("x", "FLOAT64")])])]
    table = bq.create_table(bigquery.Table(f"{PROJECT}.{scratch}.t", schema=schema), retry=RETRY)
    errors = bq.insert_rows_json(table, [{"id": 1, "tags": ["a", "b"], "rec": {"a": "x", "items": [{"x": 1.5}]}},
                                         {"id": 2, "tags": [], "rec": None}], retry=RETRY)
    expect(errors, [], "insertAll errors")
    got = bq.get_table(f"{PROJECT}.{scratch}.t", retry=RETRY).schema
    # bqemulator answers the type names it was given (INT64); the service answers INTEGER.
    legacy = {"INT64": "INTEGER", "FLOAT64": "FLOAT", "BOOL": "BOOLEAN", "STRUCT": "RECORD"}
    expect([(f.name, legacy.get(f.field_type, f.field_type), f.mode) for f in got],
           [("id", "INTEGER", "NULLABLE"), ("tags", "STRING", "REPEATED"), ("rec", "RECORD", "NULLABLE")],
           "top-level fields")
    items = got[2].fields[1]
    expect((items.name, items.field_type, items.mode, legacy.get(items.fields[0].field_type, items.fields[0].field_type)),
           ("items", "RECORD", "REPEATED", "FLOAT"), "nested RECORD")
    if not proxied("POST", "/insertAll"):
        raise AssertionError("no insertAll request recorded")


@checks.check("every seeded type decodes (GEOGRAPHY read as ST_ASTEXT)")
def _():
    # A GEOGRAPHY column comes back typed BYTES holding WKT text, which the client cannot
    # decode, and SELECT * EXCEPT drops more than it names: list the columns.
    columns = ("id, c_int64, c_numeric, c_float64, c_bool, c_string, c_bytes, c_date, c_time, c_datetime, "
               "c_timestamp, c_json, c_repeated, c_record, ST_ASTEXT(c_geography) AS wkt")
    rows = list(bq.query(f"SELECT {columns} FROM sales.all_types ORDER BY id", retry=RETRY).result())
    expect(len(rows), 3, "rows")
    one = rows[0]
    expect(one["c_int64"], 9007199254740993, "INT64 beyond 2^53")
    expect(one["c_numeric"], decimal.Decimal("12345678.91"), "NUMERIC")
    expect(one["c_bytes"], b"\x00\xffAB", "BYTES")
    expect(one["c_time"], datetime.time(13, 45, 30, 123456), "TIME")
    expect(one["c_datetime"], datetime.datetime(2024, 2, 29, 13, 45, 30, 123456), "DATETIME")
    expect(one["c_timestamp"], datetime.datetime(2024, 2, 29, 13, 45, 30, 123456, tzinfo=datetime.timezone.utc),
           "TIMESTAMP")
    expect(one["c_json"], {"a": [1, 2], "b": None}, "JSON")
    expect(one["c_repeated"], [1, 2, 3], "REPEATED")
    expect(one["c_record"]["items"][0], {"x": 1.5, "tags": ["p", "q"]}, "RECORD nested")
    expect(one["wkt"], "POINT (1 2)", "GEOGRAPHY as WKT")
    expect(rows[2]["c_repeated"], [], "NULL REPEATED reads as empty")
    expect(rows[2]["c_record"], None, "NULL RECORD")


@checks.check("a 3000-row query pages through getQueryResults with pageToken")
def _():
    call(PROXY + "/_proxy/reset", {})
    job = bq.query("SELECT id, amount, tags FROM sales.orders ORDER BY id", retry=RETRY)
    result = job.result(page_size=700, retry=RETRY)
    sizes = [len(list(page)) for page in result.pages]
    expect(sum(sizes), 3000, "rows")
    if len(sizes) < 5:
        raise AssertionError(f"pages {sizes}")
    tokens = [r for r in proxied("GET", f"/queries/{job.job_id}") if "pageToken=" in r["path"]]
    if len(tokens) < 4:
        raise AssertionError("getQueryResults was not called with pageToken")


@checks.check("getQueryResults of an earlier job, by id")
def _():
    job = bq.query("SELECT COUNT(*) AS n FROM analytics.events", retry=RETRY)
    job.result(retry=RETRY)
    again = bq.get_job(job.job_id, retry=RETRY)
    expect([r["n"] for r in again.result(retry=RETRY)], [2000], "count")


@checks.check("a dry run gives the schema without rows")
def _():
    job = bq.query("SELECT id, amount FROM sales.orders", job_config=bigquery.QueryJobConfig(dry_run=True),
                   retry=RETRY)
    expect([(f.name, f.field_type) for f in job.schema], [("id", "INTEGER"), ("amount", "NUMERIC")], "schema")


@checks.check("CREATE TABLE AS SELECT, then a query on the new table")
def _():
    bq.query(f"CREATE TABLE {scratch}.ctas AS SELECT id FROM sales.orders WHERE id <= 5", retry=RETRY).result()
    rows = list(bq.query(f"SELECT SUM(id) AS total FROM {scratch}.ctas", retry=RETRY).result())
    expect([r["total"] for r in rows], [15], "sum")


@checks.check("jobs.cancel is sent and recorded by the proxy")
def _():
    call(PROXY + "/_proxy/reset", {})
    job = bq.query("SELECT 1", retry=RETRY)
    bq.cancel_job(job.job_id, retry=RETRY)
    cancels = proxied("POST", f"/jobs/{job.job_id}/cancel")
    expect(len(cancels), 1, "cancel requests")
    if not cancels[0]["headers"].get("authorization", "").startswith("Bearer ya29.emulator-"):
        raise AssertionError("cancel without the service-account token")


@checks.check("a bad statement raises the client's error")
def _():
    try:
        bq.query("SELECT * FROM sales.no_such_table", retry=RETRY).result(retry=RETRY)
    except GoogleAPICallError as e:
        expect("no_such_table" in str(e), True, f"message {e}")
    else:
        raise AssertionError("no error")


try:
    bq.delete_dataset(f"{PROJECT}.{scratch}", delete_contents=True, not_found_ok=True, retry=RETRY)
except GoogleAPICallError:
    pass
sys.exit(checks.finish())
