#!/usr/bin/env python3
"""Proof of the Snowflake test bed with the official connector (snowflake-connector-python) through
the recording proxy: password and key-pair logins (unencrypted and encrypted PKCS#8 keys), every
seeded type, a 3000-row result, an error, a cancel by timeout and abort-request, refused logins
injected by the proxy in Snowflake's own error shape.

    python3 check_snowflake_client.py   (reads SWITCHYARD_TEST_SNOWFLAKE_{URL,ACCOUNT,USER,DATABASE,
                                         SCHEMA,KEY_FILE,ENCRYPTED_KEY_FILE,PASSPHRASE_FILE} as
                                         printed by scripts/test-emulators env)
"""

import datetime
import decimal
import json
import os
import sys
import urllib.parse
import urllib.request

import snowflake.connector
from asn1crypto import keys as asn1_keys, pem as asn1_pem
from snowflake.connector.constants import FIELD_ID_TO_NAME
from snowflake.connector.errors import DatabaseError, ProgrammingError

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, ".."))
sys.path.insert(0, here)
from checklist import Checklist, expect  # noqa: E402
import snowflake_jwt  # noqa: E402

env = os.environ.get
PROXY = env("SWITCHYARD_TEST_SNOWFLAKE_URL", "http://127.0.0.1:59181")
ACCOUNT = env("SWITCHYARD_TEST_SNOWFLAKE_ACCOUNT", "switchyard-test")
USER = env("SWITCHYARD_TEST_SNOWFLAKE_USER", "switchyard")
DATABASE = env("SWITCHYARD_TEST_SNOWFLAKE_DATABASE", "SWITCHYARD")
SCHEMA = env("SWITCHYARD_TEST_SNOWFLAKE_SCHEMA", "SALES")
KEY_FILE = env("SWITCHYARD_TEST_SNOWFLAKE_KEY_FILE")
ENCRYPTED_KEY_FILE = env("SWITCHYARD_TEST_SNOWFLAKE_ENCRYPTED_KEY_FILE")
PASSPHRASE_FILE = env("SWITCHYARD_TEST_SNOWFLAKE_PASSPHRASE_FILE")
LOGIN_PATH = "/session/v1/login-request"
QUERY_PATH = "/queries/v1/query-request"
ABORT_PATH = "/queries/v1/abort-request"

# Snowflake's answers to a refused login (HTTP 200), as the connector handles them.
REFUSED_PASSWORD = {"data": {"nextAction": "RETRY_LOGIN", "authnMethod": "USERNAME_PASSWORD",
                             "requestId": "00000000-0000-0000-0000-000000000001", "signInOptions": {}},
                    "code": "390100", "message": "Incorrect username or password was specified.",
                    "success": False, "headers": None}
REFUSED_JWT = {"data": {"nextAction": "RETRY_LOGIN", "authnMethod": "KEY_PAIR",
                        "requestId": "00000000-0000-0000-0000-000000000002", "signInOptions": {}},
               "code": "390144", "message": "JWT token is invalid.", "success": False, "headers": None}
# What the service answers for a statement that an abort-request stopped.
CANCELED = {"data": {"internalError": False, "errorCode": "000604", "age": 0, "sqlState": "57014",
                     "queryId": "01b00000-0000-0000-0000-000000000604", "line": -1, "pos": -1,
                     "type": "EXECUTION"},
            "code": "000604", "message": "SQL execution canceled", "success": False, "headers": None}

UTC = datetime.timezone.utc
D = decimal.Decimal
# SELECT * FROM SALES.ALL_TYPES ORDER BY ID as the connector reads it from fakesnow
# (see snowflake_seed.py for what was stored and why it differs).
ALL_TYPES = [
    (1, 9007199254740993, D("12345678.91"), D("123456789012345678901234567890.12345"), 3.141592653589793,
     'Grüße, "Zürich" it\'s\nok ✓', True, datetime.date(2024, 2, 29), datetime.time(13, 45, 30, 123456),
     datetime.datetime(2024, 2, 29, 13, 45, 30, 123456),
     datetime.datetime(2024, 2, 29, 13, 45, 30, 123456, tzinfo=UTC),
     datetime.datetime(2024, 2, 29, 8, 15, 30, 123456, tzinfo=UTC),
     b"\x00\xffAB", '{"a":[1,2],"b":null}', '{"k":"v","n":1}', '[1,"two",null]'),
    (2, -9223372036854775808, D("-99999999.99"), D("-999999999999999999999999999999999.99999"),
     -1.7976931348623157e308, "", False, datetime.date(1, 1, 1), datetime.time(23, 59, 59, 999999),
     datetime.datetime(1969, 12, 31, 23, 59, 59, 500000),
     datetime.datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
     datetime.datetime(1900, 1, 1, 8, 0, tzinfo=UTC),
     b"", '"text"', "{}", "[]"),
    (3, None, None, None, None, None, None, None, None,
     datetime.datetime(1970, 1, 1), datetime.datetime(1970, 1, 1, tzinfo=UTC),
     datetime.datetime(1970, 1, 1, tzinfo=UTC), None, None, None, None),
]
ALL_TYPES_DESCRIPTION = [
    ("ID", "FIXED", 38, 0), ("C_NUMBER", "FIXED", 38, 0), ("C_DECIMAL", "FIXED", 10, 2),
    ("C_BIG", "FIXED", 38, 5), ("C_FLOAT", "REAL", None, None), ("C_VARCHAR", "TEXT", None, None),
    ("C_BOOLEAN", "BOOLEAN", None, None), ("C_DATE", "DATE", None, None), ("C_TIME", "TIME", 0, 9),
    ("C_NTZ", "TIMESTAMP_NTZ", 0, 9), ("C_LTZ", "TIMESTAMP_TZ", 0, 9), ("C_TZ", "TIMESTAMP_TZ", 0, 9),
    ("C_BINARY", "BINARY", None, None), ("C_VARIANT", "VARIANT", None, None),
    ("C_OBJECT", "VARIANT", None, None), ("C_ARRAY", "VARIANT", None, None),
]


def call(url, payload=None):
    data = None if payload is None else json.dumps(payload).encode()
    with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=10) as r:
        return json.load(r)


def proxied(path_prefix=""):
    return [r for r in call(PROXY + "/_proxy/requests")["requests"] if r["path"].startswith(path_prefix)]


def configure(**settings):
    call(PROXY + "/_proxy/config", settings)


def reset():
    call(PROXY + "/_proxy/reset", {})


def connect(**auth):
    url = urllib.parse.urlsplit(PROXY)
    return snowflake.connector.connect(
        user=USER, account=ACCOUNT, host=url.hostname, port=url.port, protocol=url.scheme,
        database=DATABASE, schema=SCHEMA, login_timeout=30, network_timeout=60,
        session_parameters={"CLIENT_OUT_OF_BAND_TELEMETRY_ENABLED": False}, **auth)


def passphrase():
    with open(PASSPHRASE_FILE) as f:
        return f.read().rstrip("\r\n")


def one_login():
    logins = proxied(LOGIN_PATH)
    expect(len(logins), 1, "login requests")
    login = logins[0]
    expect(login.get("gzip"), True, "login body sent gzip-compressed (recorded decompressed)")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(login["path"]).query)
    expect((query.get("databaseName"), query.get("schemaName")), ([DATABASE], [SCHEMA]), "login query")
    return login, json.loads(login["body"])["data"]


def check_key_pair_login(key_file, passphrase_file, **auth):
    reset()
    with connect(**auth) as connection:
        expect(connection.cursor().execute("SELECT 1").fetchone(), (1,), "SELECT 1")
    _, data = one_login()
    expect(data["AUTHENTICATOR"], "SNOWFLAKE_JWT", "AUTHENTICATOR")
    expect("PASSWORD" in data, False, "PASSWORD in a key-pair login")
    expect((data["ACCOUNT_NAME"], data["LOGIN_NAME"]), (ACCOUNT, USER), "ACCOUNT_NAME, LOGIN_NAME")
    der = snowflake_jwt.private_key_der(key_file, passphrase_file)
    header, claims = snowflake_jwt.verify(data["TOKEN"], der)
    expect(header, {"alg": "RS256", "typ": "JWT"}, "JWT header")
    expected = snowflake_jwt.connector_claims(der, ACCOUNT, USER)
    expect({k: claims[k] for k in ("iss", "sub")}, expected, "iss, sub")
    expect(claims["exp"] - claims["iat"], 60, "exp - iat (the connector's lifetime)")


checks = Checklist("snowflake")
if not (KEY_FILE and ENCRYPTED_KEY_FILE and PASSPHRASE_FILE):
    print("SWITCHYARD_TEST_SNOWFLAKE_*KEY_FILE is not set (eval \"$(scripts/test-emulators env)\")")
    sys.exit(2)
reset()
sf = connect(password="switchyard-test-pw", paramstyle="qmark")


@checks.check("password login: gzip body with LOGIN_NAME/PASSWORD, session token on every query")
def _():
    reset()
    with connect(password="switchyard-test-pw") as connection:
        cursor = connection.cursor()
        expect(cursor.execute("SELECT CURRENT_DATABASE(), CURRENT_SCHEMA()").fetchone(), (DATABASE, SCHEMA),
               "current database and schema")
    _, data = one_login()
    expect((data["ACCOUNT_NAME"], data["LOGIN_NAME"], data["PASSWORD"]), (ACCOUNT, USER, "switchyard-test-pw"),
           "ACCOUNT_NAME, LOGIN_NAME, PASSWORD")
    expect("SESSION_PARAMETERS" in data, True, "SESSION_PARAMETERS sent")
    query = proxied(QUERY_PATH)[0]
    expect(query.get("gzip"), True, "query body gzip-compressed")
    authorization = query["headers"]["authorization"]
    if not (authorization.startswith('Snowflake Token="') and authorization.endswith('"')):
        raise AssertionError(f"Authorization {authorization!r}")
    expect(json.loads(query["body"])["sqlText"], "SELECT CURRENT_DATABASE(), CURRENT_SCHEMA()", "sqlText")
    expect(query["headers"]["accept"], "application/snowflake", "Accept")


@checks.check("key-pair login with the unencrypted PKCS#8 key: SNOWFLAKE_JWT, TOKEN signed by the key")
def _():
    check_key_pair_login(KEY_FILE, None, private_key_file=KEY_FILE)


@checks.check("key-pair login with the encrypted PKCS#8 key (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC)")
def _():
    with open(ENCRYPTED_KEY_FILE, "rb") as f:
        pem = f.read()
    if not pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----"):
        raise AssertionError("not an encrypted PKCS#8 PEM")
    info = asn1_keys.EncryptedPrivateKeyInfo.load(asn1_pem.unarmor(pem)[2])
    algorithm = info["encryption_algorithm"]
    expect(algorithm["algorithm"].native, "pbes2", "scheme")
    kdf, cipher = algorithm["parameters"]["key_derivation_func"], algorithm["parameters"]["encryption_scheme"]
    expect((kdf["algorithm"].native, kdf["parameters"]["prf"]["algorithm"].native, cipher["algorithm"].native),
           ("pbkdf2", "sha256", "aes256_cbc"), "KDF, PRF, cipher")
    expect(snowflake_jwt.private_key_der(ENCRYPTED_KEY_FILE, PASSPHRASE_FILE),
           snowflake_jwt.private_key_der(KEY_FILE), "the same key as the unencrypted file")
    check_key_pair_login(ENCRYPTED_KEY_FILE, PASSPHRASE_FILE,
                         private_key_file=ENCRYPTED_KEY_FILE, private_key_file_pwd=passphrase())


@checks.check("every seeded type of SALES.ALL_TYPES reads back as documented")
def _():
    cursor = sf.cursor()
    rows = cursor.execute("SELECT * FROM ALL_TYPES ORDER BY ID").fetchall()
    described = [(d.name, FIELD_ID_TO_NAME[d.type_code], d.precision, d.scale) for d in cursor.description]
    expect(described, ALL_TYPES_DESCRIPTION, "description")
    expect(len(rows), 3, "rows")
    for got, want in zip(rows, ALL_TYPES):
        for (name, *_), g, w in zip(ALL_TYPES_DESCRIPTION, got, want):
            expect(g, w, f"ID {want[0]} {name}")
            if isinstance(w, datetime.datetime):
                expect(g.utcoffset(), w.utcoffset(), f"ID {want[0]} {name} offset")


@checks.check("a 3000-row select (one Arrow rowset) and the 2000 events")
def _():
    cursor = sf.cursor()
    rows = cursor.execute("SELECT ID, CUSTOMER, AMOUNT, ORDERED_AT FROM SALES.ORDERS ORDER BY ID").fetchall()
    expect(len(rows), 3000, "rows")
    expect(rows[0], (1, "customer-1", D("1.25"), datetime.datetime(2024, 1, 1, 0, 1)), "first row")
    expect(rows[-1], (3000, "customer-90", D("3750.00"), datetime.datetime(2024, 1, 3, 2, 0)), "last row")
    expect(sum(r[2] for r in rows), D("5626875.00"), "sum of AMOUNT")
    expect(cursor.execute("SELECT COUNT(*), MAX(PAYLOAD) FROM ANALYTICS.EVENTS WHERE ID = 2000").fetchone(),
           (1, '{"n":2000,"tags":["a","b"]}'), "events row 2000")
    expect(cursor.execute("SELECT COUNT(*) FROM ANALYTICS.EVENTS").fetchone(), (2000,), "events")


@checks.check("qmark bindings travel as typed bindings")
def _():
    reset()
    got = sf.cursor().execute("SELECT ID, CUSTOMER FROM ORDERS WHERE ID = ? AND CUSTOMER = ?",
                              (5, "customer-5")).fetchall()
    expect(got, [(5, "customer-5")], "rows")
    body = json.loads(proxied(QUERY_PATH)[-1]["body"])
    expect(body["bindings"], {"1": {"type": "FIXED", "value": "5"}, "2": {"type": "TEXT", "value": "customer-5"}},
           "bindings")


@checks.check("a bad statement: ProgrammingError with the code and message (HTTP 200, success false)")
def _():
    reset()
    try:
        sf.cursor().execute("SELECT * FROM SALES.NO_SUCH_TABLE")
    except ProgrammingError as e:
        expect((e.errno, e.sqlstate), (2003, "42S02"), "errno, sqlstate")
        expect("NO_SUCH_TABLE" in e.msg, True, f"message {e.msg!r}")
    else:
        raise AssertionError("no error")
    expect(proxied(QUERY_PATH)[-1]["status"], 200, "HTTP status")


@checks.check("a statement timeout sends abort-request with the statement's requestId")
def _():
    reset()
    # fakesnow answers at once and its abort does nothing: hold the statement 2.5 s, then answer
    # as the service does for an aborted statement.
    configure(delay_next=1, delay_path=QUERY_PATH, delay_seconds=2.5)
    configure(answer_next=1, answer_path=QUERY_PATH, answer_body=CANCELED)
    try:
        sf.cursor().execute("SELECT COUNT(*) FROM ORDERS", timeout=1)
    except ProgrammingError as e:
        expect((e.errno, e.sqlstate), (604, "57014"), "errno, sqlstate")
        expect("cancelled by the client due to a timeout" in e.msg, True, f"message {e.msg!r}")
    else:
        raise AssertionError("no error")
    query, = proxied(QUERY_PATH)
    abort, = proxied(ABORT_PATH)
    request_id = urllib.parse.parse_qs(urllib.parse.urlsplit(query["path"]).query)["requestId"][0]
    expect(json.loads(abort["body"]), {"sqlText": "SELECT COUNT(*) FROM ORDERS", "requestId": request_id},
           "abort-request body")
    expect(abort["headers"]["authorization"], query["headers"]["authorization"], "abort-request token")
    if not abort["time"] - query["time"] >= 0.9:
        raise AssertionError("abort-request sent before the timeout")


@checks.check("cursor.abort_query(qid) posts /queries/<qid>/abort-request")
def _():
    reset()
    cursor = sf.cursor()
    cursor.execute("SELECT 1")
    path = f"/queries/{cursor.sfqid}/abort-request"
    configure(answer_next=1, answer_path=path, answer_body={"data": None, "code": None, "message": None,
                                                            "success": True})  # fakesnow: 404
    expect(cursor.abort_query(cursor.sfqid), True, "abort_query")
    expect([r["method"] for r in proxied(path)], ["POST"], "recorded")


@checks.check("a refused password login (injected 390100) raises the connector's DatabaseError")
def _():
    reset()
    configure(answer_next=1, answer_path=LOGIN_PATH, answer_body=REFUSED_PASSWORD)
    try:
        connect(password="wrong")
    except DatabaseError as e:
        expect((e.errno, e.sqlstate), (390100, "28000"), "errno, sqlstate")
        expect("Incorrect username or password was specified." in e.msg, True, f"message {e.msg!r}")
    else:
        raise AssertionError("the login was accepted")
    expect(len(proxied(LOGIN_PATH)), 1, "login attempts")


@checks.check("a refused key-pair login (injected 390144) raises the connector's DatabaseError")
def _():
    reset()
    configure(answer_next=1, answer_path=LOGIN_PATH, answer_body=REFUSED_JWT)
    try:
        connect(private_key_file=KEY_FILE)
    except DatabaseError as e:
        expect((e.errno, e.sqlstate), (390144, "28000"), "errno, sqlstate")
        expect("JWT token is invalid." in e.msg, True, f"message {e.msg!r}")
    else:
        raise AssertionError("the login was accepted")
    expect(len(proxied(LOGIN_PATH)), 1, "login attempts")


sf.close()
sys.exit(checks.finish())
