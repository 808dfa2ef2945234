#!/usr/bin/env python3
"""The data set every Snowflake test reads, loaded through the official connector (password login).

    python3 snowflake_seed.py --url http://127.0.0.1:59180 --account switchyard-test --user switchyard

Database SWITCHYARD, schemas SALES (ALL_TYPES: every type, typical values, edge values and a row of
NULLs; ORDERS: 3000 rows) and ANALYTICS (EVENTS: 2000 rows). Safe to run again: a table already
holding its rows is left alone. fakesnow keeps everything in memory, shared by every session.

What is stored in SALES.ALL_TYPES, and what snowflake-connector-python 4.8.1 reads back through
fakesnow 0.12.1 (`cursor.execute("SELECT * FROM SALES.ALL_TYPES ORDER BY ID").fetchall()`):

  column (declared)        ID 1 (typical)                          ID 2 (edge)                           ID 3
  ID NUMBER                1                                       2                                     3
  C_NUMBER NUMBER(38,0)    9007199254740993 (int)                  -9223372036854775808 (int)            None
  C_DECIMAL NUMBER(10,2)   Decimal('12345678.91')                  Decimal('-99999999.99')               None
  C_BIG NUMBER(38,5)       Decimal('123456789012345678901234567890.12345')
                                                                   Decimal('-999999999999999999999999999999999.99999')
                                                                                                         None
  C_FLOAT FLOAT            3.141592653589793                       -1.7976931348623157e+308              None
  C_VARCHAR VARCHAR        'Grüße, "Zürich" it\'s\nok ✓' (a real newline)
                                                                   '' (empty string)                     None
  C_BOOLEAN BOOLEAN        True                                    False                                 None
  C_DATE DATE              date(2024, 2, 29)                       date(1, 1, 1)                         None
  C_TIME TIME              time(13, 45, 30, 123456)                time(23, 59, 59, 999999)              None
  C_NTZ TIMESTAMP_NTZ      datetime(2024, 2, 29, 13, 45, 30, 123456)
                                                                   datetime(1969, 12, 31, 23, 59, 59, 500000)
                                                                                                         datetime(1970, 1, 1, 0, 0) (!)
  C_LTZ TIMESTAMP_LTZ      datetime(2024, 2, 29, 13, 45, 30, 123456, tzinfo=UTC)
                                                                   datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
                                                                                                         datetime(1970, 1, 1, 0, 0, tzinfo=UTC) (!)
  C_TZ TIMESTAMP_TZ        stored '2024-02-29 13:45:30.123456 +05:30', read datetime(2024, 2, 29, 8, 15, 30, 123456, tzinfo=UTC)
                                                                   stored '1900-01-01 00:00:00 -08:00', read datetime(1900, 1, 1, 8, 0, tzinfo=UTC)
                                                                                                         datetime(1970, 1, 1, 0, 0, tzinfo=UTC) (!)
  C_BINARY BINARY          bytearray(b'\\x00\\xffAB')              bytearray(b'') (empty)                None
  C_VARIANT VARIANT        '{"a":[1,2],"b":null}'                  '"text"' (a JSON string)              None
  C_OBJECT OBJECT          '{"k":"v","n":1}'                       '{}'                                  None
  C_ARRAY ARRAY            '[1,"two",null]'                        '[]'                                  None

fakesnow quirks behind that reading (the service differs):
- NUMBER(38,0) is kept as a 64-bit integer (a wider value fails to insert), and sent as Arrow int64;
  NUMBER(p,s) with s > 0 as Arrow decimal128(p, s).
- NULL timestamps (NTZ, LTZ, TZ) read as 1970-01-01 00:00:00: the Arrow struct {epoch, fraction
  [, timezone]} carries no null flag. NULL dates, times and every other type read as None.
- TIMESTAMP_LTZ and TIMESTAMP_TZ are both kept as UTC instants: the offset written is lost, the
  rowtype says `timestamp_tz` for both (DESCRIBE says TIMESTAMP_TZ(9)) and the Arrow struct's
  timezone is always 1440 (UTC, minutes + 1440). The session TIMEZONE parameter is Etc/UTC.
- OBJECT and ARRAY columns are typed `variant` in the rowtype; VARIANT/OBJECT/ARRAY come back as
  compact JSON text (the service indents it with two spaces and newlines).
- Times and timestamps keep microseconds (DuckDB), sent as nanoseconds: TIME as Arrow int64
  nanoseconds since midnight (scale 9), timestamps as epoch seconds + fraction nanoseconds.
- VARCHAR is VARCHAR(16777216), BINARY is BINARY(8388608) in DESCRIBE and in the rowtype length.
- An aggregate such as SUM(AMOUNT) over NUMBER(10,2) comes back as FLOAT (5626875.0 for ORDERS).
- A SELECT of zero rows answers an empty `rowsetBase64` (no Arrow schema message).

SALES.ORDERS: ID 1..3000, CUSTOMER 'customer-' || (MOD(ID - 1, 97) + 1), AMOUNT ID * 1.25
(NUMBER(10,2): 1.25 … 3750.00), ORDERED_AT 2024-01-01 00:00:00 + ID minutes (TIMESTAMP_NTZ).
ANALYTICS.EVENTS: ID 1..2000, ORDER_ID = ID, KIND 'view'|'click'|'purchase' by MOD(ID - 1, 3),
PAYLOAD VARIANT '{"n":ID,"tags":["a","b"]}', HAPPENED_AT 2024-03-01 00:00:00 + (ID - 1) * 30 s.
"""

import argparse
import sys
import urllib.parse

import snowflake.connector
from snowflake.connector.errors import ProgrammingError

DATABASE = "SWITCHYARD"

ALL_TYPES_COLUMNS = (
    "ID NUMBER, C_NUMBER NUMBER(38,0), C_DECIMAL NUMBER(10,2), C_BIG NUMBER(38,5), C_FLOAT FLOAT, "
    "C_VARCHAR VARCHAR, C_BOOLEAN BOOLEAN, C_DATE DATE, C_TIME TIME, C_NTZ TIMESTAMP_NTZ, "
    "C_LTZ TIMESTAMP_LTZ, C_TZ TIMESTAMP_TZ, C_BINARY BINARY, C_VARIANT VARIANT, C_OBJECT OBJECT, "
    "C_ARRAY ARRAY")

TYPICAL_STRING = 'Grüße, "Zürich" it\'s\nok ✓'


def literal(text):
    """A SQL string literal (quotes doubled; backslashes are not used in the seeded values)."""
    assert "\\" not in text
    return "'" + text.replace("'", "''") + "'"


ALL_TYPES_ROWS = [
    # typical values
    ("1, 9007199254740993, 12345678.91, 123456789012345678901234567890.12345, 3.141592653589793, "
     f"{literal(TYPICAL_STRING)}, TRUE, '2024-02-29'::DATE, '13:45:30.123456'::TIME, "
     "'2024-02-29 13:45:30.123456'::TIMESTAMP_NTZ, '2024-02-29 13:45:30.123456 +00:00'::TIMESTAMP_LTZ, "
     "'2024-02-29 13:45:30.123456 +05:30'::TIMESTAMP_TZ, TO_BINARY('00FF4142', 'HEX'), "
     """PARSE_JSON('{"a":[1,2],"b":null}'), PARSE_JSON('{"k":"v","n":1}'), PARSE_JSON('[1,"two",null]')"""),
    # edge values
    ("2, -9223372036854775808, -99999999.99, -999999999999999999999999999999999.99999, "
     "-1.7976931348623157e308, '', FALSE, '0001-01-01'::DATE, '23:59:59.999999'::TIME, "
     "'1969-12-31 23:59:59.5'::TIMESTAMP_NTZ, '9999-12-31 23:59:59.999999 +00:00'::TIMESTAMP_LTZ, "
     "'1900-01-01 00:00:00 -08:00'::TIMESTAMP_TZ, TO_BINARY('', 'HEX'), "
     """PARSE_JSON('"text"'), PARSE_JSON('{}'), PARSE_JSON('[]')"""),
]

TABLES = {
    "SALES.ALL_TYPES": (
        3,
        [f"CREATE OR REPLACE TABLE {DATABASE}.SALES.ALL_TYPES ({ALL_TYPES_COLUMNS})"]
        + [f"INSERT INTO {DATABASE}.SALES.ALL_TYPES SELECT {row}" for row in ALL_TYPES_ROWS]
        + [f"INSERT INTO {DATABASE}.SALES.ALL_TYPES (ID) VALUES (3)"]),
    "SALES.ORDERS": (
        3000,
        [f"CREATE OR REPLACE TABLE {DATABASE}.SALES.ORDERS "
         "(ID NUMBER, CUSTOMER VARCHAR, AMOUNT NUMBER(10,2), ORDERED_AT TIMESTAMP_NTZ)",
         f"INSERT INTO {DATABASE}.SALES.ORDERS SELECT SEQ4() + 1, 'customer-' || (MOD(SEQ4(), 97) + 1), "
         "(SEQ4() + 1) * 1.25, DATEADD(minute, SEQ4() + 1, '2024-01-01 00:00:00'::TIMESTAMP_NTZ) "
         "FROM TABLE(GENERATOR(ROWCOUNT => 3000))"]),
    "ANALYTICS.EVENTS": (
        2000,
        [f"CREATE OR REPLACE TABLE {DATABASE}.ANALYTICS.EVENTS "
         "(ID NUMBER, ORDER_ID NUMBER, KIND VARCHAR, PAYLOAD VARIANT, HAPPENED_AT TIMESTAMP_NTZ)",
         f"INSERT INTO {DATABASE}.ANALYTICS.EVENTS SELECT SEQ4() + 1, SEQ4() + 1, "
         "CASE MOD(SEQ4(), 3) WHEN 0 THEN 'view' WHEN 1 THEN 'click' ELSE 'purchase' END, "
         "OBJECT_CONSTRUCT('n', SEQ4() + 1, 'tags', ARRAY_CONSTRUCT('a', 'b')), "
         "DATEADD(second, SEQ4() * 30, '2024-03-01 00:00:00'::TIMESTAMP_NTZ) "
         "FROM TABLE(GENERATOR(ROWCOUNT => 2000))"]),
}


def row_count(cursor, table):
    try:
        return cursor.execute(f"SELECT COUNT(*) FROM {DATABASE}.{table}").fetchone()[0]
    except ProgrammingError:
        return None


def main():
    parser = argparse.ArgumentParser(description="seed the Snowflake emulator")
    parser.add_argument("--url", required=True, help="http://host:port of fakesnow (or the proxy)")
    parser.add_argument("--account", default="switchyard-test")
    parser.add_argument("--user", default="switchyard")
    args = parser.parse_args()
    url = urllib.parse.urlsplit(args.url)
    connection = snowflake.connector.connect(
        user=args.user, password="seed", account=args.account, host=url.hostname, port=url.port,
        protocol=url.scheme, login_timeout=30, network_timeout=60,
        session_parameters={"CLIENT_OUT_OF_BAND_TELEMETRY_ENABLED": False})
    cursor = connection.cursor()
    # Fully qualified names throughout: CREATE SCHEMA makes the new schema the session's current one.
    for statement in (f"CREATE DATABASE IF NOT EXISTS {DATABASE}",
                      f"CREATE SCHEMA IF NOT EXISTS {DATABASE}.SALES",
                      f"CREATE SCHEMA IF NOT EXISTS {DATABASE}.ANALYTICS"):
        cursor.execute(statement)
    for table, (rows, statements) in TABLES.items():
        if row_count(cursor, table) == rows:
            print(f"{DATABASE}.{table}: in place ({rows} rows)")
            continue
        for statement in statements:
            cursor.execute(statement)
        got = row_count(cursor, table)
        if got != rows:
            sys.exit(f"{DATABASE}.{table}: {got} rows after seeding, expected {rows}")
        print(f"{DATABASE}.{table}: seeded ({rows} rows)")
    connection.close()


if __name__ == "__main__":
    main()
