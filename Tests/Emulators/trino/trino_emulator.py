#!/usr/bin/env python3
"""A Trino coordinator emulator for driver tests: Trino's client protocol over DuckDB.

    python3 trino_emulator.py --host 127.0.0.1 --port 58080 [--page-size 500] [--empty-every 3]
                              [--password USER:PASSWORD] [--certfile F --keyfile F] [--no-seed]

Protocol: `POST /v1/statement` (SQL body, X-Trino-User/-Catalog/-Schema/-Source headers) answers
`id`, `infoUri`, `nextUri`, `stats`; following `nextUri` gives `columns` and `data` pages until a
page has no `nextUri`; `DELETE` of a `nextUri` cancels. `emulator_sleep(N)` in a statement makes
it run N seconds (cancellable). Test hooks, never sent by a real coordinator:
  GET  /_emulator/requests   every request received (method, path, lower-cased headers, body)
                             and every query (sql, state, cancelled)
  POST /_emulator/reset      forget requests, queries and pending failures
  GET|POST /_emulator/config page_size, empty_every, fail_next (answer the next N protocol
                             requests with fail_status, default 503, no body; 429 adds
                             Retry-After: retry_after), passwords {user: password}
"""

import argparse
import base64
import datetime
import itertools
import json
import os
import secrets
import ssl
import sys
import threading
import time

import duckdb

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]
import trino_seed  # noqa: E402
from serving import JSONHandler, serve  # noqa: E402
from trino_catalog import Catalog  # noqa: E402
from trino_errors import TrinoError  # noqa: E402
from trino_query import Query  # noqa: E402
from trino_statements import Session  # noqa: E402


class Emulator:
    """State shared by all request threads: the database, the queries and the request log."""

    def __init__(self, settings):
        self.settings = settings
        db = duckdb.connect(":memory:")
        db.execute("SET TimeZone = 'UTC'")
        self.catalog = Catalog(db)
        self.queries = {}
        self.requests = []
        self.lock = threading.Lock()
        self.counter = itertools.count(1)

    def record(self, handler, body):
        entry = {"time": time.time(), "method": handler.command, "path": handler.path,
                 "headers": handler.lowered_headers(),
                 "body": body.decode("utf-8", "replace")}
        with self.lock:
            self.requests.append(entry)

    def take_failure(self):
        with self.lock:
            if self.settings["fail_next"] > 0:
                self.settings["fail_next"] -= 1
                return self.settings["fail_status"]
        return None

    def new_query(self, sql, session):
        now = datetime.datetime.now(datetime.timezone.utc)
        qid = f"{now:%Y%m%d_%H%M%S}_{next(self.counter):05d}_emula"
        query = Query(qid, secrets.token_hex(8), sql, session, self.catalog, self.settings)
        with self.lock:
            self.queries[qid] = query
        return query

    def snapshot(self):
        with self.lock:
            return {"requests": list(self.requests),
                    "queries": {q.id: {"sql": q.sql, "state": q.state, "user": q.session.user,
                                       "cancelled": q.cancelled.is_set()}
                                for q in self.queries.values()}}


class Handler(JSONHandler):
    emulator = None  # set by main

    # --- plumbing ------------------------------------------------------------------------
    def _base(self):
        scheme = "https" if isinstance(self.connection, ssl.SSLSocket) else "http"
        host = self.headers.get("Host") or "%s:%d" % self.server.server_address[:2]
        return f"{scheme}://{host}"

    def _authorized(self):
        passwords = self.emulator.settings["passwords"]
        if not passwords:
            return True
        auth = self.headers.get("Authorization", "")
        if not auth.startswith("Basic "):
            return False
        try:
            user, _, password = base64.b64decode(auth[6:]).decode().partition(":")
        except ValueError:
            return False
        return passwords.get(user) == password

    def _protocol_gate(self):
        """Injected failures and authentication, for protocol requests only. True when answered."""
        status = self.emulator.take_failure()
        if status is not None:
            retry = {"Retry-After": str(self.emulator.settings["retry_after"])} if status == 429 else {}
            self.reply(status, None, retry)
            return True
        if not self._authorized():
            self.reply(401, None, {"WWW-Authenticate": 'Basic realm="Trino"'})
            return True
        return False

    # --- verbs ------------------------------------------------------------------------
    def do_POST(self):
        body = self.read_body()
        if self.path.startswith("/_emulator/"):
            return self._admin("POST", body)
        self.emulator.record(self, body)
        if self.path.rstrip("/") != "/v1/statement":
            return self.reply(404, {"message": "not found"})
        if self._protocol_gate():
            return
        session = Session(self.lowered_headers())
        if not session.user:
            return self.reply(400, {"message": "User must be set"})
        sql = body.decode("utf-8")
        if not sql.strip():
            return self.reply(400, {"message": "SQL statement is empty"})
        query = self.emulator.new_query(sql, session)
        uri = f"{self._base()}/v1/statement/queued/{query.id}/{query.slug}/1"
        self.reply(200, self._status(query, next_uri=uri, state="QUEUED"))

    def do_GET(self):
        if self.path.startswith("/_emulator/"):
            return self._admin("GET", b"")
        self.emulator.record(self, b"")
        if self.path == "/v1/info":
            return self.reply(200, {"nodeVersion": {"version": "emulator"}, "environment": "test",
                                    "coordinator": True, "starting": False, "uptime": "1.00m"})
        query, token, kind = self._lookup()
        if query is None:
            return
        if self._protocol_gate():
            return
        if kind == "queued":
            uri = f"{self._base()}/v1/statement/executing/{query.id}/{query.slug}/0"
            return self.reply(200, self._status(query, next_uri=uri))
        query.done.wait(self.emulator.settings["max_wait"])
        if query.error is not None:
            return self.reply(200, self._status(query, error=query.error.to_json()))
        if not query.done.is_set():
            return self.reply(200, self._status(query, next_uri=self._token_uri(query, token)))
        try:
            rows, has_next = query.page(token)
        except KeyError:
            return self.reply(410, {"message": f"Invalid token {token}"})
        except TrinoError as e:  # a failure while fetching rows ends the query
            query.error, query.state = e, "FAILED"
            return self.reply(200, self._status(query, error=e.to_json()))
        payload = self._status(query, next_uri=self._token_uri(query, token + 1) if has_next else None)
        payload["columns"] = [t.column(n) for n, t in query.columns]
        if rows:
            payload["data"] = rows
        self.reply(200, payload, query.headers)

    def do_DELETE(self):
        if self.path.startswith("/_emulator/"):
            return self.reply(405, {"message": "method not allowed"})
        self.emulator.record(self, b"")
        query, _, _ = self._lookup()
        if query is None:
            return
        query.cancel()
        self.reply(204)

    # --- helpers ------------------------------------------------------------------------
    def _lookup(self):
        parts = self.path.split("?")[0].strip("/").split("/")
        if len(parts) != 6 or parts[:2] != ["v1", "statement"] or parts[2] not in ("queued", "executing"):
            self.reply(404, {"message": "not found"})
            return None, None, None
        query = self.emulator.queries.get(parts[3])
        if query is None or query.slug != parts[4] or not parts[5].isdigit():
            self.reply(404, {"message": f"Query not found: {parts[3]}"})
            return None, None, None
        return query, int(parts[5]), parts[2]

    def _token_uri(self, query, token):
        return f"{self._base()}/v1/statement/executing/{query.id}/{query.slug}/{token}"

    def _status(self, query, next_uri=None, state=None, error=None):
        payload = {
            "id": query.id,
            "infoUri": f"{self._base()}/ui/query.html?{query.id}",
            "stats": {"state": state or query.state, "queued": (state or query.state) == "QUEUED",
                      "scheduled": query.state != "QUEUED", "nodes": 1, "totalSplits": 1,
                      "queuedSplits": 0, "runningSplits": 0, "completedSplits": 1,
                      "cpuTimeMillis": 0, "wallTimeMillis": 0, "queuedTimeMillis": 0,
                      "elapsedTimeMillis": 0, "processedRows": query.processed_rows,
                      "processedBytes": 0, "physicalInputBytes": 0, "peakMemoryBytes": 0,
                      "spilledBytes": 0},
            "warnings": [],
        }
        if next_uri:
            payload["nextUri"] = next_uri
        if error:
            payload["error"] = error
        if query.update_type:
            payload["updateType"] = query.update_type
        if query.update_count is not None:
            payload["updateCount"] = query.update_count
        return payload

    def _admin(self, method, body):
        emulator = self.emulator
        if self.path == "/_emulator/requests" and method == "GET":
            return self.reply(200, emulator.snapshot())
        if self.path == "/_emulator/reset" and method == "POST":
            with emulator.lock:
                emulator.requests.clear()
                emulator.queries.clear()
                emulator.settings["fail_next"] = 0
            return self.reply(200, {"reset": True})
        if self.path == "/_emulator/config":
            if method == "POST":
                update = json.loads(body or b"{}")
                unknown = set(update) - set(emulator.settings)
                if unknown:
                    return self.reply(400, {"message": f"unknown settings: {sorted(unknown)}"})
                with emulator.lock:
                    emulator.settings.update(update)
            return self.reply(200, emulator.settings)
        self.reply(404, {"message": "not found"})


def main():
    parser = argparse.ArgumentParser(description="Trino coordinator emulator over DuckDB")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=58080)
    parser.add_argument("--page-size", type=int, default=500)
    parser.add_argument("--empty-every", type=int, default=3)
    parser.add_argument("--password", action="append", default=[], metavar="USER:PASSWORD")
    parser.add_argument("--certfile")
    parser.add_argument("--keyfile")
    parser.add_argument("--no-seed", action="store_true")
    args = parser.parse_args()
    settings = {"page_size": args.page_size, "empty_every": args.empty_every, "max_wait": 0.5,
                "fail_next": 0, "fail_status": 503, "retry_after": 1,
                "passwords": dict(p.split(":", 1) for p in args.password)}
    emulator = Emulator(settings)
    if not args.no_seed:
        trino_seed.seed(emulator.catalog)
    Handler.emulator = emulator
    serve(Handler, args.host, args.port, "trino emulator", args.certfile, args.keyfile)


if __name__ == "__main__":
    main()
