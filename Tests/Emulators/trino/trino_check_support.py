"""Helpers of the Trino emulator's proofs: where it runs, its test hooks, and connections of
the official client (PyPI trino==0.340.0) with the session the checks expect."""

import argparse
import json
import os
import urllib.request

import trino

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
