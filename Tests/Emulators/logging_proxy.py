#!/usr/bin/env python3
"""A recording reverse proxy (stdlib only) to put in front of an emulator (bqemulator, fakesnow,
moto's S3, fake-gcs-server).

    python3 logging_proxy.py --host 127.0.0.1 --port 59051 --upstream http://127.0.0.1:59050

Every request is forwarded unchanged (the Host header too, so the emulator's self links point
at the proxy) and recorded: time, method, path (with the query string), lower-cased headers,
body, and the status answered. A body the client sent with `Content-Encoding: gzip` is recorded
decompressed, with `"gzip": true` (it is forwarded as sent). Neither emulator makes a cancel take
effect (bqemulator finishes every job before it answers, fakesnow's abort does nothing), so a test
proves here that the client sent `jobs.cancel` or `abort-request`, and with which credentials.
  GET  /_proxy/requests   {"requests": [...]}
  POST /_proxy/reset      forget them, and every failure, answer and delay still to come
  POST /_proxy/config     settings, any of:
      {"fail_next": N, "fail_status": 401|503|..., "fail_reason": R}: answer the next N requests
          with that status and a Google-style error instead of forwarding them
      {"answer_next": N, "answer_path": P, "answer_status": S, "answer_body": JSON,
       "answer_headers": {...}}: answer the next N requests whose path starts with P with status
          S (default 200) and that JSON body instead of forwarding them (e.g. a refused Snowflake
          login); each such call adds one rule, rules are tried in the order they were added
      {"delay_next": N, "delay_path": P, "delay_seconds": T}: hold the next N requests whose path
          starts with P for T seconds before forwarding or answering them (a slow statement, to
          time out or cancel while it runs); each such call adds one rule
  Requests answered by the proxy itself are recorded with "injected": true; delayed ones with
  "delayed": T.
"""

import argparse
import gzip
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serving import JSONHandler, serve  # noqa: E402

_HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "te",
               "trailer", "upgrade", "content-length"}


class Recorder:
    def __init__(self):
        self.entries = []
        self.failures = {}
        self.answers = []  # [{"left": N, "path": P, "status": S, "body": ..., "headers": {...}}]
        self.delays = []  # [{"left": N, "path": P, "seconds": T}]
        self.lock = threading.Lock()

    def next_failure(self):
        """The injected failure for this request, if one is due."""
        with self.lock:
            if self.failures.get("fail_next", 0) <= 0:
                return None
            self.failures["fail_next"] -= 1
            return dict(self.failures)

    @staticmethod
    def _take(rules, path):
        for rule in rules:
            if rule["left"] > 0 and path.startswith(rule["path"]):
                rule["left"] -= 1
                return dict(rule)
        return None

    def next_answer(self, path):
        """The injected answer for a request to `path`, if a rule matches."""
        with self.lock:
            return self._take(self.answers, path)

    def next_delay(self, path):
        with self.lock:
            return self._take(self.delays, path)

    def configure(self, settings):
        settings = dict(settings)
        with self.lock:
            if "answer_next" in settings:
                self.answers.append({
                    "left": int(settings.pop("answer_next")), "path": settings.pop("answer_path", "/"),
                    "status": int(settings.pop("answer_status", 200)), "body": settings.pop("answer_body", {}),
                    "headers": settings.pop("answer_headers", {})})
            if "delay_next" in settings:
                self.delays.append({
                    "left": int(settings.pop("delay_next")), "path": settings.pop("delay_path", "/"),
                    "seconds": float(settings.pop("delay_seconds", 1))})
            self.failures.update(settings)

    def add(self, entry):
        with self.lock:
            self.entries.append(entry)

    def snapshot(self):
        with self.lock:
            return [dict(e) for e in self.entries]

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.failures.clear()
            self.answers.clear()
            self.delays.clear()


def recorded_body(body, headers):
    """The body as text, decompressed first when the client sent it gzip-compressed."""
    if headers.get("content-encoding", "").strip().lower() == "gzip" and body:
        try:
            return gzip.decompress(body).decode("utf-8", "replace"), True
        except (OSError, EOFError):
            pass
    return body.decode("utf-8", "replace"), False


class ProxyHandler(JSONHandler):
    upstream = None  # urllib.parse result, set by main
    recorder = None

    def _forward(self):
        body = self.read_body()
        if self.path.startswith("/_proxy/"):
            self._admin_body = body
            return self._admin()
        headers = self.lowered_headers()
        text, gzipped = recorded_body(body, headers)
        entry = {"time": time.time(), "method": self.command, "path": self.path,
                 "headers": headers, "body": text}
        if gzipped:
            entry["gzip"] = True
        delay = self.recorder.next_delay(self.path)
        if delay:
            entry["delayed"] = delay["seconds"]
        answer = self.recorder.next_answer(self.path)
        failure = None if answer else self.recorder.next_failure()
        entry["injected"] = bool(answer or failure)
        self.recorder.add(entry)
        if delay:
            time.sleep(delay["seconds"])
        if answer:
            entry["status"] = answer["status"]
            return self.reply(answer["status"], answer["body"], answer["headers"])
        if failure:
            status = int(failure.get("fail_status", 503))
            reason = failure.get("fail_reason", "backendError")
            entry["status"] = status
            return self.reply(status, {"error": {"code": status, "message": f"injected {reason}",
                                                 "errors": [{"reason": reason, "message": f"injected {reason}"}]}})
        forwarded = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        connection = http.client.HTTPConnection(self.upstream.hostname, self.upstream.port, timeout=300)
        try:
            connection.request(self.command, self.path, body=body or None, headers=forwarded)
            response = connection.getresponse()
            data = response.read()
        except OSError as e:
            entry["status"] = 502
            return self.reply(502, {"error": {"code": 502, "message": f"upstream unreachable: {e}"}})
        finally:
            connection.close()
        entry["status"] = response.status
        passed = [(k, v) for k, v in response.getheaders() if k.lower() not in _HOP_BY_HOP]
        self.send_response(response.status, response.reason)
        for k, v in passed:
            self.send_header(k, v)
        # A HEAD answer has no body but tells the size of the one a GET would send.
        length = response.getheader("Content-Length") if self.command == "HEAD" else None
        self.send_header("Content-Length", length if length is not None else str(len(data)))
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
            try:
                settings = json.loads(self._admin_body or b"{}")
                if not isinstance(settings, dict):
                    raise ValueError("expected a JSON object")
                self.recorder.configure(settings)
            except (ValueError, TypeError) as e:
                return self.reply(400, {"message": f"bad config: {e}"})
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
