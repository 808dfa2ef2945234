"""What the emulator servers share: a quiet HTTP/1.1 handler that answers JSON, and a threaded
server on loopback (optionally TLS) that runs until interrupted."""

import json
import ssl

try:  # several times faster on large result pages; both virtualenvs have it
    import orjson

    def _dumps(payload):
        return orjson.dumps(payload)
except ImportError:
    def _dumps(payload):
        return json.dumps(payload).encode()
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class JSONHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def lowered_headers(self):
        return {k.lower(): v for k, v in self.headers.items()}

    def reply(self, status, payload=None, headers=None):
        """Sends `payload` as JSON (or no body when None) with the extra `headers`."""
        data = b"" if payload is None else _dumps(payload)
        self.send_response(status)
        for k, v in dict(headers or {}).items():
            self.send_header(k, v)
        if payload is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def serve(handler, host, port, banner, certfile=None, keyfile=None):
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    if certfile:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certfile, keyfile)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    scheme = "https" if certfile else "http"
    print(f"{banner} on {scheme}://{host}:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
