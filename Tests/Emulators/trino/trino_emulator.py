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
import datetime
import itertools
import os
import secrets
import sys
import threading
import time

import duckdb

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.dirname(HERE)]
import trino_seed  # noqa: E402
from serving import serve  # noqa: E402
from trino_catalog import Catalog  # noqa: E402
from trino_query import Query  # noqa: E402
from trino_handler import Handler  # noqa: E402


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
