#!/usr/bin/env python3
"""An OAuth 2.0 token endpoint for service-account logins, recording what it is sent.

    python3 token_stub.py --host 127.0.0.1 --port 59052 [--key-out key.json --project P]

`POST /token` with `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=JWT`
answers `{"access_token": "...", "expires_in": 3600, "token_type": "Bearer"}`, as Google's
endpoint does. With `--key-out` it makes an RSA key pair, writes a service-account key file
whose `token_uri` is this endpoint, and then checks each assertion as Google would: RS256
signature by that key, header `kid` = private_key_id, `iss` = client_email, `aud` = token_uri,
a `scope`, `iat`/`exp` around now. A wrong one gets 400 `invalid_grant`. (Key generation and
signature checks use the `cryptography` package; the rest is stdlib.)
  GET  /_token/requests   every request: path, headers, body, form, and the JWT's decoded
                          header and claims, whether it was accepted, the token issued
  POST /_token/reset      forget them
  POST /_token/config     {"fail_next": N, "fail_status": 400|500} to refuse the next N logins
"""

import argparse
import base64
import json
import os
import secrets
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from serving import JSONHandler, serve  # noqa: E402

GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
# Google's own library always names Google's endpoint as the audience, whatever the key's
# token_uri; Google accepts that, so the stub does too (the claim is recorded for tests to check).
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"


def b64url(data):
    return base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))


class KeyPair:
    """The service account whose logins this endpoint accepts."""

    def __init__(self, token_uri, project):
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.public = private.public_key()
        self.key_id = secrets.token_hex(20)
        self.email = f"switchyard-test@{project}.iam.gserviceaccount.com"
        self.token_uri = token_uri
        pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()).decode()
        self.info = {
            "type": "service_account", "project_id": project, "private_key_id": self.key_id,
            "private_key": pem, "client_email": self.email, "client_id": "100000000000000000001",
            "auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": token_uri,
            "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
            "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/switchyard-test",
            "universe_domain": "googleapis.com",
        }

    def problem(self, assertion):
        """Why Google would refuse this assertion, or None."""
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding
        try:
            head, claims, signature = assertion.split(".")
            header = json.loads(b64url(head))
            payload = json.loads(b64url(claims))
            self.public.verify(b64url(signature), f"{head}.{claims}".encode(), padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            return "Invalid JWT Signature."
        except ValueError as e:
            return f"Malformed JWT: {e}"
        now = time.time()
        checks = [
            (header.get("alg") == "RS256", "alg must be RS256"),
            (header.get("kid") == self.key_id, "kid must be the key's private_key_id"),
            (payload.get("iss") == self.email, "iss must be the client_email"),
            (payload.get("aud") in (self.token_uri, GOOGLE_TOKEN_URI), "aud must be the token_uri"),
            ("bigquery" in payload.get("scope", "") or "cloud-platform" in payload.get("scope", ""),
             "scope must grant BigQuery"),
            (isinstance(payload.get("iat"), int) and abs(payload["iat"] - now) < 300, "iat must be now"),
            (isinstance(payload.get("exp"), int) and 0 < payload["exp"] - payload.get("iat", 0) <= 3600,
             "exp must be at most an hour after iat"),
        ]
        for ok, reason in checks:
            if not ok:
                return f"Invalid JWT: {reason}"
        return None


class TokenHandler(JSONHandler):
    state = None  # dict set by main: key, entries, lock, settings

    def do_GET(self):
        if self.path == "/_token/requests":
            with self.state["lock"]:
                return self.reply(200, {"requests": list(self.state["entries"])})
        self.reply(404, {"error": "not_found"})

    def do_POST(self):
        body = self.read_body().decode("utf-8", "replace")
        state = self.state
        if self.path == "/_token/reset":
            with state["lock"]:
                state["entries"].clear()
            return self.reply(200, {"reset": True})
        if self.path == "/_token/config":
            with state["lock"]:
                state["settings"].update(json.loads(body or "{}"))
                return self.reply(200, state["settings"])
        form = {k: v[0] for k, v in urllib.parse.parse_qs(body).items()}
        entry = {"time": time.time(), "method": "POST", "path": self.path, "body": body, "form": form,
                 "headers": self.lowered_headers()}
        status, answer = self._login(form, entry)
        entry["status"] = status
        with state["lock"]:
            state["entries"].append(entry)
        self.reply(status, answer)

    def _login(self, form, entry):
        state = self.state
        assertion = form.get("assertion", "")
        try:
            head, claims, _ = assertion.split(".")
            entry["jwt_header"] = json.loads(b64url(head))
            entry["jwt_claims"] = json.loads(b64url(claims))
        except ValueError:
            pass
        with state["lock"]:
            if state["settings"].get("fail_next", 0) > 0:
                state["settings"]["fail_next"] -= 1
                status = state["settings"].get("fail_status", 400)
                return status, {"error": "invalid_grant", "error_description": "refused on request"}
        if form.get("grant_type") != GRANT:
            return 400, {"error": "unsupported_grant_type", "error_description": "Invalid grant_type"}
        problem = state["key"].problem(assertion) if state["key"] else None
        if problem:
            return 400, {"error": "invalid_grant", "error_description": problem}
        token = "ya29.emulator-" + secrets.token_urlsafe(24)
        entry["access_token"] = token
        return 200, {"access_token": token, "expires_in": 3600, "token_type": "Bearer"}


def main():
    parser = argparse.ArgumentParser(description="service-account token endpoint stub")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--key-out", help="write a service-account key file for this endpoint")
    parser.add_argument("--project", default="switchyard-test")
    args = parser.parse_args()
    key = None
    if args.key_out:
        key = KeyPair(f"http://{args.host}:{args.port}/token", args.project)
        with open(os.open(args.key_out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as f:
            json.dump(key.info, f, indent=2)
        os.chmod(args.key_out, 0o600)
    TokenHandler.state = {"key": key, "entries": [], "lock": threading.Lock(), "settings": {}}
    serve(TokenHandler, args.host, args.port, "token endpoint (POST /token)")


if __name__ == "__main__":
    main()
