"""Checks of the Trino emulator's session and control paths: cancel, retries of 503/429, recorded
headers, USE, SET SESSION, parameters, prepared statements, DDL, basic auth (plain and TLS)."""

import base64
import json
import os
import threading
import time
import urllib.error
import urllib.request

import trino

from checklist import expect
from trino_check_support import URL, admin, connect, rows, statement_requests


def run(checks):
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
