"""The data set every Trino test reads: every type the driver maps, nulls, a few thousand rows,
two schemas (`sales`, `analytics`) besides `default`, all in the catalog `memory`.

`sales.all_types` has one row of ordinary values (id 1), one of edge values (id 2: NaN, ±Infinity,
extreme decimals, empty strings and arrays), one with nested values (id 3) and one of NULLs (id 4).
"""

# column -> (Trino type as a coordinator reports it, DuckDB type that stores it)
ALL_TYPES = {
    "id": ("integer", "INTEGER"),
    "c_boolean": ("boolean", "BOOLEAN"),
    "c_tinyint": ("tinyint", "TINYINT"),
    "c_smallint": ("smallint", "SMALLINT"),
    "c_integer": ("integer", "INTEGER"),
    "c_bigint": ("bigint", "BIGINT"),
    "c_real": ("real", "REAL"),
    "c_double": ("double", "DOUBLE"),
    "c_decimal": ("decimal(10,2)", "DECIMAL(10,2)"),
    "c_decimal_long": ("decimal(38,9)", "DECIMAL(38,9)"),
    "c_varchar": ("varchar", "VARCHAR"),
    "c_varchar5": ("varchar(5)", "VARCHAR"),
    "c_char": ("char(3)", "VARCHAR"),
    "c_varbinary": ("varbinary", "BLOB"),
    "c_date": ("date", "DATE"),
    "c_time": ("time(3)", "TIME"),
    "c_timestamp": ("timestamp(3)", "TIMESTAMP_MS"),
    "c_timestamp6": ("timestamp(6)", "TIMESTAMP"),
    "c_timestamp_tz": ("timestamp(3) with time zone", "TIMESTAMPTZ"),
    "c_json": ("json", "JSON"),
    "c_uuid": ("uuid", "UUID"),
    "c_ipaddress": ("ipaddress", "VARCHAR"),
    "c_array": ("array(integer)", "INTEGER[]"),
    "c_map": ("map(varchar, integer)", "MAP(VARCHAR, INTEGER)"),
    "c_row": ("row(x integer, y varchar)", "STRUCT(x INTEGER, y VARCHAR)"),
    "c_nested": ("array(row(k varchar, v array(double)))", "STRUCT(k VARCHAR, v DOUBLE[])[]"),
}

ALL_TYPES_ROWS = [
    """(1, true, 7, 300, 70000, 9007199254740993, 1.5, 3.141592653589793, 12345678.91,
        12345678901234567890123456789.123456789, 'hello, world', 'abc', 'ab ', '\\x00\\xffAB'::BLOB,
        DATE '2024-02-29', TIME '13:45:30.123', TIMESTAMP '2024-02-29 13:45:30.123',
        TIMESTAMP '2024-02-29 13:45:30.123456', TIMESTAMPTZ '2024-02-29 13:45:30.123+00',
        '{"a": [1, 2], "b": null}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '192.168.0.1',
        [1, 2, 3], MAP {'one': 1, 'two': 2}, {'x': 1, 'y': 'one'},
        [{'k': 'a', 'v': [1.5, 2.5]}])""",
    """(2, false, -128, -32768, -2147483648, -9223372036854775808, 'NaN', 'Infinity', -99999999.99,
        -99999999999999999999999999999.999999999, '', 'Ümlä', 'x  ', ''::BLOB,
        DATE '0001-01-01', TIME '00:00:00', TIMESTAMP '1970-01-01 00:00:00',
        TIMESTAMP '1969-12-31 23:59:59.999999', TIMESTAMPTZ '2000-01-01 00:00:00+05:30',
        '[]', '00000000-0000-0000-0000-000000000000', '::1',
        [], MAP {}, {'x': NULL, 'y': NULL}, [])""",
    """(3, true, 127, 32767, 2147483647, 9223372036854775807, '-Infinity', -0.0, 0.01,
        0.000000001, 'line1\nline2 "quoted" \\ back', 'ok', 'end', 'binary'::BLOB,
        DATE '9999-12-31', TIME '23:59:59.999', TIMESTAMP '2038-01-19 03:14:07.999',
        TIMESTAMP '2038-01-19 03:14:07.999999', TIMESTAMPTZ '2038-01-19 03:14:07.999+00',
        '{"nested": {"deep": true}}', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '2001:db8::1',
        [NULL, 5], MAP {'k': NULL}, {'x': -1, 'y': ''},
        [{'k': NULL, 'v': []}, {'k': 'b', 'v': [NULL, 'NaN'::DOUBLE]}])""",
    "(4" + ", NULL" * (len(ALL_TYPES) - 1) + ")",
]


def seed(catalog):
    db = catalog.db
    for schema in ("default", "sales", "analytics"):
        db.execute(f'CREATE SCHEMA IF NOT EXISTS memory."{schema}"')
    columns = ", ".join(f"{name} {duck}" for name, (_, duck) in ALL_TYPES.items())
    db.execute(f"CREATE OR REPLACE TABLE memory.sales.all_types ({columns})")
    db.execute("INSERT INTO memory.sales.all_types VALUES " + ", ".join(ALL_TYPES_ROWS))
    catalog.declare("sales", "all_types", {n: t for n, (t, _) in ALL_TYPES.items()})

    db.execute("""CREATE OR REPLACE TABLE memory.sales.orders AS
        SELECT i::BIGINT AS id, 'customer-' || (i % 97) AS customer,
               ((i * 37) % 100000 / 100.0)::DECIMAL(12,2) AS amount,
               (TIMESTAMP '2024-01-01' + INTERVAL (i) MINUTE)::TIMESTAMP_MS AS ordered_at,
               CASE WHEN i % 10 = 0 THEN NULL ELSE ['t' || (i % 3), 't' || (i % 5)] END AS tags
        FROM range(1, 5001) t(i)""")
    catalog.declare("sales", "orders", {"ordered_at": "timestamp(3)"})

    db.execute("""CREATE OR REPLACE TABLE memory.analytics.events AS
        SELECT i::BIGINT AS event_id,
               CASE i % 3 WHEN 0 THEN 'view' WHEN 1 THEN 'click' ELSE NULL END AS kind,
               ('{"n": ' || i || '}')::JSON AS payload,
               TIMESTAMPTZ '2024-06-01 00:00:00+00' + INTERVAL (i) SECOND AS at,
               {'session': 's' || (i % 50), 'score': (i % 7) * 1.25} AS detail
        FROM range(1, 2501) t(i)""")
    db.execute("CREATE OR REPLACE VIEW memory.analytics.click_counts AS "
               "SELECT kind, count(*) AS n FROM memory.analytics.events GROUP BY kind")
