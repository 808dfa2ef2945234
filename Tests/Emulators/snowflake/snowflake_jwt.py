#!/usr/bin/env python3
"""Key-pair JWTs as the official connector (snowflake-connector-python) makes them, and a verifier.

    python3 snowflake_jwt.py --key-file K.p8 [--passphrase-file P] --account A --user U
        prints {"iss": ..., "sub": ...} as the connector's own AuthByKeyPair computes them:
        iss "ACCOUNT.USER.SHA256:<base64 of the SHA-256 of the public key's DER SubjectPublicKeyInfo>",
        sub "ACCOUNT.USER" (account cut at its first '.', both upper-cased)
    python3 snowflake_jwt.py --verify --key-file K.p8 [--passphrase-file P] [--account A --user U] < JWT
        checks the JWT's RS256 signature against the key's public half and prints
        {"header": {...}, "claims": {...}}; with --account and --user it also requires the
        connector's iss and sub, and 0 < exp - iat <= 3600. Exit 1 (reason on stderr) if invalid.

The key file is PKCS#8 PEM, encrypted or not (the passphrase file holds the passphrase; a
trailing newline is ignored).
"""

import argparse
import base64
import json
import sys

import jwt
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.serialization import load_der_private_key
from snowflake.connector.auth.keypair import AuthByKeyPair
from snowflake.connector.connection import _get_private_bytes_from_file
from snowflake.connector.util_text import parse_account


def private_key_der(key_file, passphrase_file=None):
    """The key as unencrypted PKCS#8 DER, loaded the way the connector loads private_key_file."""
    passphrase = None
    if passphrase_file:
        with open(passphrase_file) as f:
            passphrase = f.read().rstrip("\r\n")
    return _get_private_bytes_from_file(key_file, passphrase)


def connector_claims(der, account, user):
    """iss and sub of the JWT the connector signs for this key, account and user."""
    token = AuthByKeyPair(private_key=der).prepare(account=parse_account(account), user=user)
    claims = jwt.decode(token, options={"verify_signature": False})
    return {"iss": claims["iss"], "sub": claims["sub"]}


def b64url_decode(part):
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def verify(token, der):
    """(header, claims) of an RS256 JWT signed by this key; raises ValueError if it is not."""
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise ValueError(f"not a compact JWS: {len(parts)} parts")
    try:
        header = json.loads(b64url_decode(parts[0]))
        claims = json.loads(b64url_decode(parts[1]))
        signature = b64url_decode(parts[2])
    except ValueError as e:
        raise ValueError(f"undecodable JWT: {e}") from None
    if header.get("alg") != "RS256":
        raise ValueError(f"alg is {header.get('alg')!r}, not RS256")
    public_key = load_der_private_key(der, password=None).public_key()
    try:
        public_key.verify(signature, f"{parts[0]}.{parts[1]}".encode("ascii"), padding.PKCS1v15(),
                          hashes.SHA256())
    except InvalidSignature:
        raise ValueError("RS256 signature does not verify with this key") from None
    return header, claims


def main():
    parser = argparse.ArgumentParser(description="Snowflake key-pair JWT claims and verification")
    parser.add_argument("--key-file", required=True)
    parser.add_argument("--passphrase-file")
    parser.add_argument("--account")
    parser.add_argument("--user")
    parser.add_argument("--verify", action="store_true", help="verify the JWT read from stdin")
    args = parser.parse_args()
    der = private_key_der(args.key_file, args.passphrase_file)
    if not args.verify:
        if not (args.account and args.user):
            parser.error("--account and --user are required without --verify")
        print(json.dumps(connector_claims(der, args.account, args.user)))
        return 0
    try:
        header, claims = verify(sys.stdin.read(), der)
        if args.account and args.user:
            expected = connector_claims(der, args.account, args.user)
            for name in ("iss", "sub"):
                if claims.get(name) != expected[name]:
                    raise ValueError(f"{name} is {claims.get(name)!r}, expected {expected[name]!r}")
            exp, iat = claims.get("exp"), claims.get("iat")
            if not (isinstance(exp, int) and isinstance(iat, int)):
                raise ValueError(f"exp {exp!r} and iat {iat!r} must be integers (seconds)")
            lifetime = exp - iat
            if not 0 < lifetime <= 3600:
                raise ValueError(f"exp - iat is {lifetime} s, expected 1..3600")
    except ValueError as e:
        print(f"snowflake_jwt: invalid: {e}", file=sys.stderr)
        return 1
    print(json.dumps({"header": header, "claims": claims}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
