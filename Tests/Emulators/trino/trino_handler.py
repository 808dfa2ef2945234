"""The HTTP side of the Trino emulator: the client protocol under /v1/statement and /v1/info,
and the test hooks under /_emulator/ (see trino_emulator.py)."""

import base64
import json
import ssl

from serving import JSONHandler
from trino_errors import TrinoError
from trino_statements import Session


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
