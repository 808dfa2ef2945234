#!/usr/bin/env python3
"""Writes the Arrow IPC stream fixtures read by ArrowIPCTests, plus expected.json.

The streams are written by pyarrow (the reference implementation), and
expected.json holds pyarrow's own reading of every column (to_pylist() of each
array and its children), so the Swift reader is checked against pyarrow rather
than against itself.

Regenerate (output is deterministic; written with pyarrow 26.0.1):

    python3 -m venv /tmp/arrowipc-venv
    /tmp/arrowipc-venv/bin/pip install pyarrow==26.0.1
    /tmp/arrowipc-venv/bin/python Tests/ArrowIPCTests/Fixtures/make_fixtures.py

expected.json layout: {"pyarrow_version": v, "fixtures": {fixture: {"fields": [field...], "batches": [{"length": n,
"columns": [column...]}]}}} where a field is {"name", "type" (pyarrow's str of
the type), "nullable", "metadata", "children"} and a column is {"name", "kind",
"values", "children"}. Values are null for null slots; integers, decimals
(unscaled) and floats (repr) are strings so that no JSON parser rounds them;
bytes are hex; lists give [start, end) child rows; structs give true.
"""

import decimal
import json
import os

import pyarrow as pa
import pyarrow.ipc as ipc

HERE = os.path.dirname(os.path.abspath(__file__))


def all_types_table():
    """One column of every supported type, with a null in every column."""
    ts = [0, -1_000_000, 1_700_000_000_123, None, 86_400_000]
    cols = {
        "i8": pa.array([-128, 127, None, 0, 5], pa.int8()),
        "i16": pa.array([-32768, None, 32767, 1, -1], pa.int16()),
        "i32": pa.array([None, -2147483648, 2147483647, 42, 0], pa.int32()),
        "i64": pa.array([-9223372036854775808, 9223372036854775807, None, 7, -7], pa.int64()),
        "u8": pa.array([0, 255, None, 1, 2], pa.uint8()),
        "u16": pa.array([65535, None, 0, 3, 4], pa.uint16()),
        "u32": pa.array([4294967295, 0, None, 5, 6], pa.uint32()),
        "u64": pa.array([18446744073709551615, 0, 9223372036854775808, None, 1], pa.uint64()),
        "f16": pa.array([1.5, -0.000060975551605224609375, None, 65504.0, 0.0], pa.float16()),
        "f32": pa.array([1.5, None, -3.4028234663852886e38, 1.1754943508222875e-38, 0.1], pa.float32()),
        "f64": pa.array([None, -0.0, 1.7976931348623157e308, 2.2250738585072014e-308, 0.1], pa.float64()),
        "utf8": pa.array(["hello", "", None, "héllo wörld ✓", "x" * 40], pa.string()),
        "binary": pa.array([b"\x00\x01\xff", None, b"", b"abc", b"\xde\xad\xbe\xef"], pa.binary()),
        "large_utf8": pa.array([None, "a", "bb", "", "ccc"], pa.large_string()),
        "large_binary": pa.array([b"\x01", b"", None, b"\x02\x03", b"\x04"], pa.large_binary()),
        "fixed_binary": pa.array([b"abcd", None, b"\x00\x00\x00\x00", b"wxyz", b"1234"], pa.binary(4)),
        "bool": pa.array([True, False, None, True, False], pa.bool_()),
        "date32": pa.array([0, -719162, None, 19000, 2932896], pa.date32()),
        "date64": pa.array([0, None, 1_700_000_000_000, -86_400_000, 86_400_000], pa.date64()),
        "time32_s": pa.array([0, 86399, None, 3600, 1], pa.time32("s")),
        "time32_ms": pa.array([None, 86_399_999, 0, 1, 2], pa.time32("ms")),
        "time64_us": pa.array([86_399_999_999, None, 0, 1, 2], pa.time64("us")),
        "time64_ns": pa.array([0, 1, None, 86_399_999_999_999, 3], pa.time64("ns")),
        "ts_s": pa.array(ts, pa.timestamp("s")),
        "ts_ms": pa.array(ts, pa.timestamp("ms")),
        "ts_us_utc": pa.array(ts, pa.timestamp("us", tz="UTC")),
        "ts_ns_ny": pa.array(ts, pa.timestamp("ns", tz="America/New_York")),
        "duration_ms": pa.array([1, None, -1, 0, 1000], pa.duration("ms")),
        "dec_38_5": pa.array(
            [decimal.Decimal("123.45678"), decimal.Decimal("-0.00001"), None,
             decimal.Decimal("999999999999999999999999999999999.99999"),
             decimal.Decimal("-999999999999999999999999999999999.99999")],
            pa.decimal128(38, 5)),
        "dec_10_2": pa.array([decimal.Decimal("1.23"), None, decimal.Decimal("-99999999.99"),
                              decimal.Decimal("0.00"), decimal.Decimal("42.00")], pa.decimal128(10, 2)),
        "dec32_9_2": pa.array([decimal.Decimal("1234567.89"), None, decimal.Decimal("-0.01"),
                               decimal.Decimal("0"), decimal.Decimal("-9999999.99")], pa.decimal32(9, 2)),
        "dec64_18_3": pa.array([None, decimal.Decimal("999999999999999.999"), decimal.Decimal("-1.5"),
                                decimal.Decimal("0.001"), decimal.Decimal("7")], pa.decimal64(18, 3)),
        "null": pa.array([None] * 5, pa.null()),
        "struct": pa.array(
            [{"a": 1, "b": "one"}, None, {"a": None, "b": "three"}, {"a": 4, "b": None}, {"a": 5, "b": "five"}],
            pa.struct([("a", pa.int32()), ("b", pa.string())])),
        "list": pa.array([[1, 2, 3], [], None, [None, 4], [5]], pa.list_(pa.int32())),
        "large_list": pa.array([["a"], None, [], ["b", None, "c"], ["d"]], pa.large_list(pa.string())),
        "fixed_list": pa.array([[1, 2], None, [3, None], [4, 5], [6, 7]], pa.list_(pa.int16(), 2)),
        "map": pa.array([[("k1", 1), ("k2", None)], None, [], [("k3", 3)], [("k4", 4)]],
                        pa.map_(pa.string(), pa.int32())),
    }
    return pa.table(cols)


def multi_batch_schema():
    return pa.schema([("id", pa.int64()), ("name", pa.string())])


def multi_batches():
    schema = multi_batch_schema()
    rows = [[(1, "a"), (2, None), (None, "c")], [], [(4, "d"), (5, "e"), (6, None), (7, "g"), (None, None)], [(8, "h"), (9, "i")]]
    return [pa.record_batch([pa.array([r[0] for r in b], pa.int64()), pa.array([r[1] for r in b], pa.string())],
                            schema=schema) for b in rows]


def sf_field(name, typ, logical, nullable=True, **extra):
    meta = {"logicalType": logical}
    meta.update({k: str(v) for k, v in extra.items()})
    return pa.field(name, typ, nullable=nullable, metadata=meta)


def snowflake_table():
    """Columns shaped as Snowflake's result chunks: physical types plus field metadata."""
    ntz = pa.struct([("epoch", pa.int64()), ("fraction", pa.int32())])
    tz = pa.struct([("epoch", pa.int64()), ("fraction", pa.int32()), ("timezone", pa.int32())])
    fixed = {"scale": 2, "precision": 10}
    fields = [
        sf_field("FIXED_I8", pa.int8(), "FIXED", **fixed),
        sf_field("FIXED_I16", pa.int16(), "FIXED", **fixed),
        sf_field("FIXED_I32", pa.int32(), "FIXED", **fixed),
        sf_field("FIXED_I64", pa.int64(), "FIXED", **fixed),
        sf_field("FIXED_DEC", pa.decimal128(38, 5), "FIXED", scale=5, precision=38),
        sf_field("REAL", pa.float64(), "REAL"),
        sf_field("TEXT", pa.string(), "TEXT", charLength=16777216, byteLength=16777216),
        sf_field("BINARY", pa.binary(), "BINARY", byteLength=8388608),
        sf_field("BOOLEAN", pa.bool_(), "BOOLEAN"),
        sf_field("DATE", pa.date32(), "DATE"),
        sf_field("TIME", pa.int64(), "TIME", scale=9),
        sf_field("TIMESTAMP_NTZ", ntz, "TIMESTAMP_NTZ", scale=9),
        sf_field("TIMESTAMP_TZ", tz, "TIMESTAMP_TZ", scale=9),
        sf_field("TIMESTAMP_LTZ", pa.int64(), "TIMESTAMP_LTZ", scale=3),
        sf_field("VARIANT", pa.string(), "VARIANT"),
    ]
    data = [
        [12, -128, None, 127],
        [1234, None, -32768, 0],
        [123456789, -1, None, 2147483647],
        [None, 9223372036854775807, -9223372036854775808, 100],
        [decimal.Decimal("1.5"), None, decimal.Decimal("-123456789012345678901234567890123.45678"), decimal.Decimal("0")],
        [3.25, None, -1e-10, 6.02214076e23],
        ["abc", "", None, "日本語"],
        [b"\x00\xff", None, b"", b"bin"],
        [True, None, False, True],
        [19000, -1, None, 0],
        [45296789000000, None, 0, 86399999999999],
        [{"epoch": 1700000000, "fraction": 123456789}, None, {"epoch": -1, "fraction": 999999999}, {"epoch": 0, "fraction": 0}],
        [{"epoch": 1700000000, "fraction": 5, "timezone": 1440 + 60}, {"epoch": 0, "fraction": 0, "timezone": 1440 - 480}, None,
         {"epoch": -86400, "fraction": 1, "timezone": 1440}],
        [1700000000123, None, -1, 0],
        ['{"a": [1, 2]}', "null", None, '"text"'],
    ]
    arrays = [pa.array(col, f.type) for col, f in zip(data, fields)]
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields, metadata={"source": "snowflake-shaped"}))


def write_stream(name, schema, batches, options=None):
    sink = pa.BufferOutputStream()
    with ipc.new_stream(sink, schema, options=options) as writer:
        for batch in batches:
            writer.write_batch(batch)
    with open(os.path.join(HERE, name), "wb") as out:
        out.write(sink.getvalue().to_pybytes())


def int_str(value):
    return None if value is None else str(value)


def unscaled(value, scale):
    if value is None:
        return None
    sign, digits, exponent = value.as_tuple()
    magnitude = int("".join(map(str, digits)) or "0") * 10 ** (exponent + scale)
    return str(-magnitude if sign else magnitude)


def column_json(name, arr):
    """pyarrow's reading of one array, in the raw form the Swift accessors return."""
    t = arr.type
    children = []
    if pa.types.is_null(t):
        kind, values = "null", arr.to_pylist()
    elif pa.types.is_boolean(t):
        kind, values = "bool", arr.to_pylist()
    elif pa.types.is_integer(t):
        kind = "uint" if pa.types.is_unsigned_integer(t) else "int"
        values = [int_str(v) for v in arr.to_pylist()]
    elif pa.types.is_floating(t):
        kind, values = "double", [None if v is None else repr(float(v)) for v in arr.to_pylist()]
    elif pa.types.is_temporal(t):
        storage = pa.int32() if t.bit_width == 32 else pa.int64()
        kind, values = "int", [int_str(v) for v in arr.view(storage).to_pylist()]
    elif pa.types.is_decimal(t):
        kind, values = "decimal", [unscaled(v, t.scale) for v in arr.to_pylist()]
    elif pa.types.is_string(t) or pa.types.is_large_string(t):
        kind, values = "string", arr.to_pylist()
    elif pa.types.is_binary(t) or pa.types.is_large_binary(t) or pa.types.is_fixed_size_binary(t):
        kind, values = "bytes", [None if v is None else v.hex() for v in arr.to_pylist()]
    elif pa.types.is_struct(t):
        kind = "struct"
        values = [None if v is None else True for v in arr.to_pylist()]
        children = [column_json(t.field(i).name, arr.field(i)) for i in range(t.num_fields)]
    elif pa.types.is_fixed_size_list(t):
        kind, size = "list", t.list_size
        values = [None if v is None else [i * size, (i + 1) * size] for i, v in enumerate(arr.to_pylist())]
        children = [column_json(t.value_field.name, arr.values)]
    elif pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_map(t):
        kind, offsets = "list", arr.offsets.to_pylist()
        values = [None if v is None else [offsets[i], offsets[i + 1]] for i, v in enumerate(arr.to_pylist())]
        children = [column_json(t.value_field.name if not pa.types.is_map(t) else "entries", arr.values)]
    else:
        raise TypeError(f"no expectation for {t}")
    return {"name": name, "kind": kind, "values": values, "children": children}


def field_json(field):
    t = field.type
    kids = [t.field(i) for i in range(t.num_fields)]
    return {
        "name": field.name,
        "type": str(t),
        "nullable": field.nullable,
        "metadata": {k.decode(): v.decode() for k, v in (field.metadata or {}).items()},
        "children": [field_json(k) for k in kids],
    }


def expectation(path):
    """Reads a fixture back with pyarrow and records what pyarrow saw."""
    with open(os.path.join(HERE, path), "rb") as f:
        reader = ipc.open_stream(f.read())
    batches = [{"length": b.num_rows,
                "columns": [column_json(b.schema.field(i).name, b.column(i)) for i in range(b.num_columns)]}
               for b in reader]
    schema = reader.schema
    return {"fields": [field_json(f) for f in schema],
            "metadata": {k.decode(): v.decode() for k, v in (schema.metadata or {}).items()},
            "batches": batches}


def main():
    all_types = all_types_table()
    batch = all_types.to_batches()[0]
    write_stream("all_types.arrows", all_types.schema, [batch])
    write_stream("multi_batch.arrows", multi_batch_schema(), multi_batches())
    write_stream("schema_only.arrows", multi_batch_schema(), [])
    snowflake = snowflake_table()
    write_stream("snowflake.arrows", snowflake.schema, snowflake.to_batches())
    write_stream("legacy_format.arrows", multi_batch_schema(), multi_batches(),
                 ipc.IpcWriteOptions(use_legacy_format=True))
    write_stream("compressed_zstd.arrows", multi_batch_schema(), multi_batches(),
                 ipc.IpcWriteOptions(compression="zstd"))
    dictionary = pa.array(["x", "y", "x", None]).dictionary_encode()
    write_stream("dictionary.arrows", pa.schema([("d", dictionary.type)]),
                 [pa.record_batch([dictionary], names=["d"])])

    wide = pa.array([decimal.Decimal("1.5"), None], pa.decimal256(60, 10))
    write_stream("decimal256.arrows", pa.schema([("w", wide.type)]), [pa.record_batch([wide], names=["w"])])

    checked = ["all_types.arrows", "multi_batch.arrows", "schema_only.arrows",
               "snowflake.arrows", "legacy_format.arrows"]
    expected = {"pyarrow_version": pa.__version__,
                "fixtures": {name: expectation(name) for name in checked}}
    with open(os.path.join(HERE, "expected.json"), "w") as out:
        json.dump(expected, out, indent=1, ensure_ascii=True, sort_keys=True)
        out.write("\n")


if __name__ == "__main__":
    main()
