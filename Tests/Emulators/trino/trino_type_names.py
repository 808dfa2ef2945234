"""Where Trino types come from: DuckDB's result types, and Trino's own type syntax (the types
declared for seeded columns, which DuckDB cannot keep: varchar(5), char(3), time(3), …)."""

import re

from trino_types import UNBOUNDED_VARCHAR, TrinoType

# --- from DuckDB -----------------------------------------------------------------
_SIMPLE = {
    "boolean": "boolean", "tinyint": "tinyint", "smallint": "smallint", "integer": "integer",
    "bigint": "bigint", "float": "real", "double": "double", "date": "date", "uuid": "uuid",
    "blob": "varbinary", "utinyint": "smallint", "usmallint": "integer", "uinteger": "bigint",
    "interval": "interval day to second", '"null"': "unknown", "null": "unknown",
}
_TIMESTAMPS = {"timestamp_s": 0, "timestamp_ms": 3, "timestamp": 6, "timestamp_ns": 9}


def from_duckdb(t):
    """The Trino type a real coordinator would report for a DuckDB result type."""
    tid = t.id
    if tid in _SIMPLE:
        return TrinoType(_SIMPLE[tid])
    if tid == "varchar":
        if str(t) == "JSON":
            return TrinoType("json")
        return TrinoType("varchar", [UNBOUNDED_VARCHAR])
    if tid == "decimal":
        kids = dict(t.children)
        return TrinoType("decimal", [kids["precision"], kids["scale"]])
    if tid == "hugeint":
        return TrinoType("decimal", [38, 0])
    if tid == "ubigint":
        return TrinoType("decimal", [20, 0])
    if tid in _TIMESTAMPS:
        return TrinoType("timestamp", [_TIMESTAMPS[tid]])
    if tid == "timestamp with time zone":
        return TrinoType("timestamp with time zone", [6])
    if tid == "time":
        return TrinoType("time", [6])
    if tid == "time with time zone":
        return TrinoType("time with time zone", [6])
    if tid in ("list", "array"):
        return TrinoType("array", types=[from_duckdb(t.children[0][1])])
    if tid == "map":
        kids = dict(t.children)
        return TrinoType("map", types=[from_duckdb(kids["key"]), from_duckdb(kids["value"])])
    if tid == "struct":
        return TrinoType("row", types=[from_duckdb(c) for _, c in t.children],
                         fields=[n for n, _ in t.children])
    return TrinoType("varchar", [UNBOUNDED_VARCHAR])  # enum, bit, union: shown as text


# --- from Trino's own type syntax (declared column types) --------------------------
_TOKEN = re.compile(r"\s*(\(|\)|,|[A-Za-z_][A-Za-z0-9_]*|\d+)")


def parse(text):
    """A Trino type from its display name, e.g. `array(row(k varchar(3), v decimal(10,2)))`."""
    tokens = [m.group(1) for m in _TOKEN.finditer(text)]
    result, rest = _parse(tokens)
    if rest:
        raise ValueError(f"trailing text in type {text!r}")
    return result


def _parse(tokens):
    words = []
    while tokens and tokens[0] not in "(),":
        words.append(tokens.pop(0).lower())
    name = " ".join(words)
    zone = False
    args = []
    if tokens and tokens[0] == "(":
        tokens.pop(0)
        while tokens[0] != ")":
            args.append(_argument(tokens))
            if tokens[0] == ",":
                tokens.pop(0)
        tokens.pop(0)
        if tokens[:3] == ["with", "time", "zone"]:
            tokens[:3] = []
            zone = True
    if name in ("timestamp", "time"):
        return TrinoType(f"{name} with time zone" if zone else name, args or [3]), tokens
    if name == "varchar" and not args:
        return TrinoType("varchar", [UNBOUNDED_VARCHAR]), tokens
    if name == "row":
        return TrinoType("row", types=[t for _, t in args], fields=[n for n, _ in args]), tokens
    if args and isinstance(args[0], TrinoType):
        return TrinoType(name, types=args), tokens
    return TrinoType(name, args), tokens


def _argument(tokens):
    if tokens[0].isdigit():
        return int(tokens.pop(0))
    if len(tokens) > 1 and tokens[1] not in "(),":  # a row field: name type
        field = tokens.pop(0)
        return field, _parse(tokens)[0]
    return _parse(tokens)[0]
