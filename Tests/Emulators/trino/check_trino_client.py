#!/usr/bin/env python3
"""Proof that the Trino emulator speaks Trino: the official client (PyPI trino==0.340.0) runs
paged selects of every type, SHOW and information_schema, errors, cancel, retries, USE and
prepared statements against it, and what it sent is checked in the emulator's request log.

    python3 check_trino_client.py [--url http://127.0.0.1:58080]   (default $SWITCHYARD_TEST_TRINO_URL)
"""

import argparse
import base64
import datetime
import decimal
import json
import math
import os
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

import trino
from trino.exceptions import TrinoUserError

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checklist import Checklist, expect  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--url", default=os.environ.get("SWITCHYARD_TEST_TRINO_URL", "http://127.0.0.1:58080"))
args, _ = parser.parse_known_args()  # -v is read by the checklist
URL = args.url.rstrip("/")
HOST, PORT = URL.split("://")[1].split(":")


def admin(path, payload=None):
    data = None if payload is None else json.dumps(payload).encode()
    with urllib.request.urlopen(urllib.request.Request(URL + path, data=data), timeout=10) as r:
        return json.load(r)


def connect(**kw):
    kw.setdefault("schema", "sales")
    kw.setdefault("legacy_prepared_statements", False)
    return trino.dbapi.connect(host=HOST, port=int(PORT), user="checker", catalog="memory",
                               source="emulator-check", http_scheme="http", **kw)


def rows(sql, **kw):
    cur = connect(**kw).cursor()
    cur.execute(sql)
    return cur.fetchall(), cur.description


def statement_requests():
    return [r for r in admin("/_emulator/requests")["requests"] if r["path"].startswith("/v1/statement")]


checks = Checklist("trino")
saved = admin("/_emulator/config")
admin("/_emulator/config", {"page_size": 500, "empty_every": 3, "passwords": {}, "fail_next": 0})
admin("/_emulator/reset", {})


@checks.check("every type decodes to the client's Python values")
def _():
    result, description = rows("SELECT * FROM all_types ORDER BY id")
    expect(len(result), 4, "rows")
    types = {d[0]: d[1] for d in description}
    expect(types["c_decimal"], "decimal(10,2)", "decimal type")
    expect(types["c_varchar5"], "varchar(5)", "varchar(5) type")
    expect(types["c_timestamp_tz"], "timestamp(3) with time zone", "timestamptz type")
    expect(types["c_row"], "row(x integer, y varchar)", "row type")
    one = dict(zip(types, result[0]))
    expect(one["c_bigint"], 9007199254740993, "bigint beyond 2^53")
    expect(one["c_decimal"], decimal.Decimal("12345678.91"), "decimal")
    expect(one["c_decimal_long"], decimal.Decimal("12345678901234567890123456789.123456789"), "decimal(38,9)")
    expect(one["c_real"], 1.5, "real")
    expect(one["c_char"], "ab ", "char padding")
    expect(one["c_varbinary"], b"\x00\xffAB", "varbinary")
    expect(one["c_date"], datetime.date(2024, 2, 29), "date")
    expect(one["c_time"], datetime.time(13, 45, 30, 123000), "time(3)")
    expect(one["c_timestamp"], datetime.datetime(2024, 2, 29, 13, 45, 30, 123000), "timestamp(3)")
    expect(one["c_timestamp6"], datetime.datetime(2024, 2, 29, 13, 45, 30, 123456), "timestamp(6)")
    expect(one["c_timestamp_tz"].astimezone(datetime.timezone.utc),
           datetime.datetime(2024, 2, 29, 13, 45, 30, 123000, tzinfo=datetime.timezone.utc), "timestamptz")
    expect(json.loads(one["c_json"]), {"a": [1, 2], "b": None}, "json")
    expect(one["c_uuid"], uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), "uuid")
    expect(one["c_array"], [1, 2, 3], "array")
    expect(one["c_map"], {"one": 1, "two": 2}, "map")
    expect((one["c_row"].x, one["c_row"].y), (1, "one"), "row by field name")
    expect(one["c_nested"][0].v, [1.5, 2.5], "nested array(row(array))")
    edge = dict(zip(types, result[1]))
    if not math.isnan(edge["c_real"]) or edge["c_double"] != math.inf:
        raise AssertionError(f"NaN/Infinity: {edge['c_real']}, {edge['c_double']}")
    expect(edge["c_bigint"], -9223372036854775808, "bigint min")
    expect(edge["c_varchar5"], "Ümlä", "unicode")
    expect(edge["c_row"].x, None, "null row field")
    expect(set(result[3][1:]), {None}, "null row")


@checks.check("a 5000-row select arrives over many pages, some of them empty")
def _():
    admin("/_emulator/reset", {})
    result, _ = rows("SELECT id, amount, tags FROM memory.sales.orders ORDER BY id")
    expect(len(result), 5000, "rows")
    expect(sum(r[0] for r in result), 5000 * 5001 // 2, "sum of ids")
    expect(result[9][2], None, "null array")
    gets = [r for r in statement_requests() if r["method"] == "GET"]
    if len(gets) < 12:
        raise AssertionError(f"only {len(gets)} page requests")


@checks.check("SHOW CATALOGS / SCHEMAS / TABLES")
def _():
    expect(rows("SHOW CATALOGS")[0], [["memory"]], "catalogs")
    schemas = [r[0] for r in rows("SHOW SCHEMAS FROM memory")[0]]
    for s in ("analytics", "default", "information_schema", "sales"):
        if s not in schemas:
            raise AssertionError(f"schema {s} missing from {schemas}")
    expect(rows("SHOW TABLES FROM analytics")[0], [["click_counts"], ["events"]], "tables")
    expect(rows("SHOW TABLES LIKE 'all%'")[0], [["all_types"]], "tables like")


@checks.check("information_schema.columns and .tables in Trino's type names")
def _():
    result, _ = rows("SELECT column_name, data_type FROM information_schema.columns "
                     "WHERE table_schema = 'sales' AND table_name = 'all_types' ORDER BY ordinal_position")
    expect(len(result), 26, "columns")
    types = dict(result)
    expect(types["c_varchar5"], "varchar(5)", "varchar(5)")
    expect(types["c_nested"], "array(row(k varchar, v array(double)))", "nested")
    tables, _ = rows("SELECT table_name, table_type FROM memory.information_schema.tables "
                     "WHERE table_schema = 'analytics' ORDER BY 1")
    expect(tables, [["click_counts", "VIEW"], ["events", "BASE TABLE"]], "tables")


@checks.check("errors arrive as TrinoUserError with Trino's names")
def _():
    for sql, name in (("SELECT * FROM no_such_table", "TABLE_NOT_FOUND"),
                      ("SELEC 1", "SYNTAX_ERROR"),
                      ("SELECT no_such_column FROM all_types", "COLUMN_NOT_FOUND")):
        try:
            rows(sql)
        except TrinoUserError as e:
            expect(e.error_name, name, sql)
            expect(e.error_type, "USER_ERROR", sql)
        else:
            raise AssertionError(f"{sql} did not fail")


def _run_into(cur, sql, failure):
    try:
        cur.execute(sql)
    except Exception as e:  # the cancelled statement may end either way
        failure.append(e)


@checks.check("cancel() of a running statement sends DELETE and the query stops")
def _():
    admin("/_emulator/reset", {})
    cur = connect().cursor()
    failure = []
    worker = threading.Thread(target=lambda: _run_into(cur, "SELECT emulator_sleep(30) AS slept", failure))
    worker.start()
    time.sleep(1.5)
    started = time.time()
    cur.cancel()
    worker.join(10)
    if worker.is_alive():
        raise AssertionError("execute() still blocked after cancel")
    deletes = [r for r in statement_requests() if r["method"] == "DELETE"]
    expect(len(deletes), 1, "DELETE requests")
    queries = admin("/_emulator/requests")["queries"]
    states = [q["state"] for q in queries.values() if "emulator_sleep" in q["sql"]]
    expect(states, ["FAILED"], "query state")
    if time.time() - started > 3:
        raise AssertionError("cancel took more than 3 s")


@checks.check("503 and 429 are retried by the client and recorded")
def _():
    for status in (503, 429):
        admin("/_emulator/reset", {})
        admin("/_emulator/config", {"fail_next": 2, "fail_status": status})
        expect(rows("SELECT 42")[0], [[42]], f"after {status}")
        posts = [r for r in statement_requests() if r["method"] == "POST"]
        expect(len(posts), 3, f"POSTs with {status} retries")
    admin("/_emulator/config", {"fail_status": 503})


@checks.check("headers are recorded: user, source, catalog, schema, extra credential")
def _():
    admin("/_emulator/reset", {})
    rows("SELECT 1", extra_credential=[("peakaKey", "pk-123")])
    post = [r for r in statement_requests() if r["method"] == "POST"][0]
    h = post["headers"]
    expect((h["x-trino-user"], h["x-trino-source"], h["x-trino-catalog"], h["x-trino-schema"]),
           ("checker", "emulator-check", "memory", "sales"), "session headers")
    expect(h.get("x-trino-extra-credential"), "peakaKey=pk-123", "extra credential")
    expect(post["body"], "SELECT 1", "body")


@checks.check("USE answers X-Trino-Set-Schema and the client follows it")
def _():
    admin("/_emulator/reset", {})
    cur = connect().cursor()
    cur.execute("USE analytics")
    cur.fetchall()
    cur.execute("SELECT count(*) FROM events")
    expect(cur.fetchall(), [[2500]], "count in analytics")
    last = [r for r in statement_requests() if r["method"] == "POST"][-1]
    expect(last["headers"].get("x-trino-schema"), "analytics", "schema header after USE")


@checks.check("SET SESSION / RESET SESSION change the X-Trino-Session the client sends")
def _():
    admin("/_emulator/reset", {})
    cur = connect().cursor()
    cur.execute("SET SESSION query_max_run_time = '5m'")
    cur.fetchall()
    cur.execute("SELECT 1")
    cur.fetchall()
    cur.execute("RESET SESSION query_max_run_time")
    cur.fetchall()
    cur.execute("SELECT 2")
    cur.fetchall()
    posts = [r["headers"].get("x-trino-session", "") for r in statement_requests() if r["method"] == "POST"]
    expect(posts[1], "query_max_run_time=5m", "session after SET")
    expect(posts[3], "", "session after RESET")


@checks.check("parameters through EXECUTE IMMEDIATE and legacy PREPARE/EXECUTE")
def _():
    cur = connect().cursor()
    cur.execute("SELECT ? + 1, ?", (41, "it's"))
    expect(cur.fetchall(), [[42, "it's"]], "execute immediate")
    cur = connect(legacy_prepared_statements=True).cursor()
    cur.execute("SELECT count(*) FROM orders WHERE id <= ?", (10,))
    expect(cur.fetchall(), [[10]], "prepare/execute")


@checks.check("DESCRIBE OUTPUT of a prepared statement")
def _():
    conn = connect()
    cur = conn.cursor()
    cur.execute("PREPARE q FROM SELECT id, c_decimal FROM all_types")
    cur.fetchall()
    cur.execute("DESCRIBE OUTPUT q")
    described = [(r[0], r[4]) for r in cur.fetchall()]
    expect(described, [("id", "integer"), ("c_decimal", "decimal(10,2)")], "described")


@checks.check("CREATE TABLE AS, INSERT and DROP report Trino's update types")
def _():
    cur = connect(schema="default").cursor()
    cur.execute("CREATE TABLE check_ctas AS SELECT id FROM memory.sales.orders WHERE id <= 5")
    expect(cur.fetchall(), [[5]], "ctas rows")
    expect(cur.update_type, "CREATE TABLE", "update type")
    cur.execute("INSERT INTO check_ctas VALUES (6), (7)")
    expect(cur.fetchall(), [[2]], "insert rows")
    cur.execute("DROP TABLE check_ctas")
    cur.fetchall()
    expect(cur.update_type, "DROP TABLE", "drop")


@checks.check("basic auth: 401 without it, Authorization recorded (plain HTTP request)")
def _():
    admin("/_emulator/reset", {})
    admin("/_emulator/config", {"passwords": {"alice": "s3cret"}})
    try:
        request = urllib.request.Request(URL + "/v1/statement", data=b"SELECT 1", headers={"X-Trino-User": "alice"})
        try:
            urllib.request.urlopen(request, timeout=5)
            raise AssertionError("no 401 without credentials")
        except urllib.error.HTTPError as e:
            expect(e.code, 401, "status")
        token = base64.b64encode(b"alice:s3cret").decode()
        request.add_header("Authorization", f"Basic {token}")
        with urllib.request.urlopen(request, timeout=5) as r:
            expect("nextUri" in json.load(r), True, "accepted")
    finally:
        admin("/_emulator/config", {"passwords": {}})
    recorded = [r["headers"].get("authorization") for r in statement_requests()]
    expect(recorded, [None, f"Basic {token}"], "recorded Authorization")


TLS_URL = os.environ.get("SWITCHYARD_TEST_TRINO_TLS_URL")
if TLS_URL:
    @checks.check("basic auth over https with the official client (TLS instance)")
    def _():
        host, port = TLS_URL.split("://")[1].split(":")
        env = os.environ
        # requests lets REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE override a session's `verify`
        for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
            env.pop(name, None)

        def tls_select(password):
            cur = trino.dbapi.connect(
                host=host, port=int(port), user=env["SWITCHYARD_TEST_TRINO_TLS_USER"], catalog="memory",
                schema="sales", http_scheme="https", verify=env["SWITCHYARD_TEST_TRINO_TLS_CA_FILE"],
                auth=trino.auth.BasicAuthentication(env["SWITCHYARD_TEST_TRINO_TLS_USER"], password)).cursor()
            cur.execute("SELECT count(*) FROM orders")
            return cur.fetchall()
        expect(tls_select(env["SWITCHYARD_TEST_TRINO_TLS_PASSWORD"]), [[5000]], "count over https")
        try:
            tls_select("wrong")
        except trino.exceptions.HttpError as e:
            expect("401" in str(e), True, f"refusal {e}")
        else:
            raise AssertionError("a wrong password was accepted")


admin("/_emulator/config", {k: saved[k] for k in ("page_size", "empty_every", "passwords")})
sys.exit(checks.finish())
