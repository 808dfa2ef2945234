"""Checks of what the Trino emulator answers: every type's values, paging, the raw protocol,
SHOW and information_schema, errors."""

import datetime
import decimal
import json
import math
import urllib.error
import urllib.request
import uuid

from trino.exceptions import TrinoUserError

from checklist import expect
from trino_check_support import admin, rows, statement_requests, URL


def run(checks):
    @checks.check("every type decodes to the client's Python values")
    def _():
        result, description = rows("SELECT * FROM all_types ORDER BY id")
        expect(len(result), 4, "rows")
        types = {d[0]: d[1] for d in description}
        expect(types["c_decimal"], "decimal(10,2)", "decimal type")
        expect(types["c_varchar5"], "varchar(5)", "varchar(5) type")
        expect(types["c_timestamp_tz"], "timestamp(3) with time zone", "timestamptz type")
        expect(types["c_row"], "row(x integer, y varchar)", "row type")
        one = dict(zip(types, result[0]))
        expect(one["c_bigint"], 9007199254740993, "bigint beyond 2^53")
        expect(one["c_decimal"], decimal.Decimal("12345678.91"), "decimal")
        expect(one["c_decimal_long"], decimal.Decimal("12345678901234567890123456789.123456789"), "decimal(38,9)")
        expect(one["c_real"], 1.5, "real")
        expect(one["c_char"], "ab ", "char padding")
        expect(one["c_varbinary"], b"\x00\xffAB", "varbinary")
        expect(one["c_date"], datetime.date(2024, 2, 29), "date")
        expect(one["c_time"], datetime.time(13, 45, 30, 123000), "time(3)")
        expect(one["c_timestamp"], datetime.datetime(2024, 2, 29, 13, 45, 30, 123000), "timestamp(3)")
        expect(one["c_timestamp6"], datetime.datetime(2024, 2, 29, 13, 45, 30, 123456), "timestamp(6)")
        expect(one["c_timestamp_tz"].astimezone(datetime.timezone.utc),
               datetime.datetime(2024, 2, 29, 13, 45, 30, 123000, tzinfo=datetime.timezone.utc), "timestamptz")
        expect(json.loads(one["c_json"]), {"a": [1, 2], "b": None}, "json")
        expect(one["c_uuid"], uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), "uuid")
        expect(one["c_array"], [1, 2, 3], "array")
        expect(one["c_map"], {"one": 1, "two": 2}, "map")
        expect((one["c_row"].x, one["c_row"].y), (1, "one"), "row by field name")
        expect(one["c_nested"][0].v, [1.5, 2.5], "nested array(row(array))")
        edge = dict(zip(types, result[1]))
        if not math.isnan(edge["c_real"]) or edge["c_double"] != math.inf:
            raise AssertionError(f"NaN/Infinity: {edge['c_real']}, {edge['c_double']}")
        expect(edge["c_bigint"], -9223372036854775808, "bigint min")
        expect(edge["c_varchar5"], "Ümlä", "unicode")
        expect(edge["c_row"].x, None, "null row field")
        expect(set(result[3][1:]), {None}, "null row")


    @checks.check("a 5000-row select arrives over many pages, some of them empty")
    def _():
        admin("/_emulator/reset", {})
        result, _ = rows("SELECT id, amount, tags FROM memory.sales.orders ORDER BY id")
        expect(len(result), 5000, "rows")
        expect(sum(r[0] for r in result), 5000 * 5001 // 2, "sum of ids")
        expect(result[9][2], None, "null array")
        gets = [r for r in statement_requests() if r["method"] == "GET"]
        if len(gets) < 12:
            raise AssertionError(f"only {len(gets)} page requests")


    @checks.check("raw protocol: columns first, empty pages, same token same page, 410 for a skipped one")
    def _():
        def get(url):
            with urllib.request.urlopen(url, timeout=10) as r:
                return json.load(r)
        request = urllib.request.Request(URL + "/v1/statement", data=b"SELECT id FROM sales.orders ORDER BY id",
                                         headers={"X-Trino-User": "raw"})
        with urllib.request.urlopen(request, timeout=10) as r:
            page = json.load(r)
        pages, rows = [], []
        while "nextUri" in page:
            uri = page["nextUri"]
            page = get(uri)
            if page.get("data") and not rows:
                expect(get(uri)["data"], page["data"], "the same token again")
                skipped = uri.rsplit("/", 1)[0] + "/" + str(int(uri.rsplit("/", 1)[1]) + 2)
                try:
                    get(skipped)
                    raise AssertionError("a skipped token was served")
                except urllib.error.HTTPError as e:
                    expect(e.code, 410, "skipped token")
            pages.append(page)
            rows += page.get("data", [])
        executing = [p for p in pages if "columns" in p]
        expect("data" in executing[0], False, "first executing page carries only columns")
        if not any("data" not in p for p in executing[1:-1]):
            raise AssertionError("no empty page between data pages")
        expect([r[0] for r in rows], list(range(1, 5001)), "ids in order")
        expect(pages[-1]["stats"]["state"], "FINISHED", "final state")


    @checks.check("SHOW CATALOGS / SCHEMAS / TABLES")
    def _():
        expect(rows("SHOW CATALOGS")[0], [["memory"]], "catalogs")
        schemas = [r[0] for r in rows("SHOW SCHEMAS FROM memory")[0]]
        for s in ("analytics", "default", "information_schema", "sales"):
            if s not in schemas:
                raise AssertionError(f"schema {s} missing from {schemas}")
        expect(rows("SHOW TABLES FROM analytics")[0], [["click_counts"], ["events"]], "tables")
        expect(rows("SHOW TABLES LIKE 'all%'")[0], [["all_types"]], "tables like")


    @checks.check("information_schema.columns and .tables in Trino's type names")
    def _():
        result, _ = rows("SELECT column_name, data_type FROM information_schema.columns "
                         "WHERE table_schema = 'sales' AND table_name = 'all_types' ORDER BY ordinal_position")
        expect(len(result), 26, "columns")
        types = dict(result)
        expect(types["c_varchar5"], "varchar(5)", "varchar(5)")
        expect(types["c_nested"], "array(row(k varchar, v array(double)))", "nested")
        tables, _ = rows("SELECT table_name, table_type FROM memory.information_schema.tables "
                         "WHERE table_schema = 'analytics' ORDER BY 1")
        expect(tables, [["click_counts", "VIEW"], ["events", "BASE TABLE"]], "tables")


    @checks.check("errors arrive as TrinoUserError with Trino's names")
    def _():
        for sql, name in (("SELECT * FROM no_such_table", "TABLE_NOT_FOUND"),
                          ("SELEC 1", "SYNTAX_ERROR"),
                          ("SELECT no_such_column FROM all_types", "COLUMN_NOT_FOUND")):
            try:
                rows(sql)
            except TrinoUserError as e:
                expect(e.error_name, name, sql)
                expect(e.error_type, "USER_ERROR", sql)
            else:
                raise AssertionError(f"{sql} did not fail")
