#!/usr/bin/env python3
"""A recording reverse proxy (stdlib only) to put in front of an emulator.

    python3 logging_proxy.py --host 127.0.0.1 --port 59051 --upstream http://127.0.0.1:59050

Every request is forwarded unchanged (the Host header too, so the emulator's self links point
at the proxy) and recorded: method, path, lower-cased headers, body. bqemulator finishes every
job before it answers, so a test cannot see a cancel take effect there; it can see here that
the client sent `jobs.cancel`, and with which credentials.
  GET  /_proxy/requests   {"requests": [...]}
  POST /_proxy/reset      forget them (and any failures still to inject)
  POST /_proxy/config     {"fail_next": N, "fail_status": 401|503|..., "fail_reason": R}: answer
                          the next N API requests with that status and a Google-style error
                          instead of forwarding them (recorded with "injected": true)
"""

import argparse
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from serving import JSONHandler, serve  # noqa: E402

_HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te",
               "trailer", "upgrade", "content-length"}


class Recorder:
    def __init__(self):
        self.entries = []
        self.failures = {}
        self.lock = threading.Lock()

    def next_failure(self):
        """The injected failure for this request, if one is due."""
        with self.lock:
            if self.failures.get("fail_next", 0) <= 0:
                return None
            self.failures["fail_next"] -= 1
            return dict(self.failures)

    def configure(self, settings):
        with self.lock:
            self.failures.update(settings)

    def add(self, entry):
        with self.lock:
            self.entries.append(entry)

    def snapshot(self):
        with self.lock:
            return list(self.entries)

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.failures.clear()


class ProxyHandler(JSONHandler):
    upstream = None  # urllib.parse result, set by main
    recorder = None

    def _forward(self):
        body = self.read_body()
        if self.path.startswith("/_proxy/"):
            self._admin_body = body
            return self._admin()
        entry = {"time": time.time(), "method": self.command, "path": self.path,
                 "headers": self.lowered_headers(), "body": body.decode("utf-8", "replace")}
        failure = self.recorder.next_failure()
        entry["injected"] = failure is not None
        self.recorder.add(entry)
        if failure:
            status = int(failure.get("fail_status", 503))
            reason = failure.get("fail_reason", "backendError")
            return self.reply(status, {"error": {"code": status, "message": f"injected {reason}",
                                                 "errors": [{"reason": reason, "message": f"injected {reason}"}]}})
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        connection = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=300)
        try:
            connection.request(self.command, self.path, body=body or None, headers=headers)
            response = connection.getresponse()
            data = response.read()
        except OSError as e:
            return self.reply(502, {"error": {"code": 502, "message": f"upstream unreachable: {e}"}})
        finally:
            connection.close()
        passed = [(k, v) for k, v in response.getheaders() if k.lower() not in _HOP_BY_HOP]
        self.send_response(response.status, response.reason)
        for k, v in passed:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _admin(self):
        if self.path == "/_proxy/requests" and self.command == "GET":
            return self.reply(200, {"requests": self.recorder.snapshot()})
        if self.path == "/_proxy/reset" and self.command == "POST":
            self.recorder.clear()
            return self.reply(200, {"reset": True})
        if self.path == "/_proxy/config" and self.command == "POST":
            self.recorder.configure(json.loads(self._admin_body or b"{}"))
            return self.reply(200, {"configured": True})
        self.reply(404, {"message": "not found"})

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _forward


def main():
    parser = argparse.ArgumentParser(description="recording reverse proxy")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", required=True, help="http://host:port of the emulator")
    args = parser.parse_args()
    ProxyHandler.upstream = urllib.parse.urlsplit(args.upstream)
    ProxyHandler.recorder = Recorder()
    serve(ProxyHandler, args.host, args.port, f"logging proxy to {args.upstream}")


if __name__ == "__main__":
    main()
