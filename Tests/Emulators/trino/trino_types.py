"""Trino types for the emulator: names, type signatures and the JSON encoding of values.

A real Trino coordinator describes every result column by a display name (`decimal(10,2)`) and a
structured `typeSignature`, and writes values in its own JSON encoding (decimals as strings,
`NaN`/`Infinity` as strings, varbinary as base64, timestamps as `YYYY-MM-DD HH:MM:SS.fff`, rows as
positional arrays). Clients decode values by the signature, so both must match what Trino sends.
"""

import base64
import datetime
import decimal
import math
import struct
import uuid

UNBOUNDED_VARCHAR = 2147483647
_PASS_THROUGH = {"boolean", "tinyint", "smallint", "integer", "bigint", "varchar", "json", "ipaddress", "unknown"}


class TrinoType:
    """One Trino type: a raw name, LONG arguments (lengths, precisions) and type arguments."""

    def __init__(self, raw, longs=(), types=(), fields=None):
        self.raw = raw
        self.longs = list(longs)
        self.types = list(types)
        self.fields = fields  # row only: field names, parallel to types

    # --- naming ---------------------------------------------------------------
    def display(self):
        if self.raw == "varchar" and self.longs and self.longs[0] == UNBOUNDED_VARCHAR:
            return "varchar"
        if self.raw == "row":
            inner = ", ".join(f"{n} {t.display()}" for n, t in zip(self.fields, self.types))
            return f"row({inner})"
        if self.raw in ("timestamp with time zone", "time with time zone"):
            base = self.raw.split(" ")[0]
            return f"{base}({self.longs[0]}) with time zone"
        if self.types:
            return f"{self.raw}({', '.join(t.display() for t in self.types)})"
        if self.longs:
            return f"{self.raw}({','.join(str(n) for n in self.longs)})"
        return self.raw

    def signature(self):
        if self.raw == "row":
            args = [{"kind": "NAMED_TYPE",
                     "value": {"fieldName": {"name": n}, "typeSignature": t.signature()}}
                    for n, t in zip(self.fields, self.types)]
        else:
            args = [{"kind": "LONG", "value": n} for n in self.longs]
            args += [{"kind": "TYPE", "value": t.signature()} for t in self.types]
        return {"rawType": self.raw, "arguments": args}

    def column(self, name):
        return {"name": name, "type": self.display(), "typeSignature": self.signature()}

    # --- values -----------------------------------------------------------------
    def encoder(self):
        """The encoding function for a column, or None where DuckDB's Python value is already
        Trino's JSON value (checked once per column, not once per value: large results)."""
        if self.raw in _PASS_THROUGH:
            return None
        if self.raw == "double":
            return _double
        return self.encode

    def encode(self, v):
        """A Python value from DuckDB, written the way Trino writes it in `data`."""
        if v is None:
            return None
        raw = self.raw
        if raw == "array":
            return [self.types[0].encode(x) for x in v]
        if raw == "map":
            pairs = v.items() if isinstance(v, dict) else zip(v["key"], v["value"])
            return {_map_key(self.types[0].encode(k)): self.types[1].encode(x) for k, x in pairs}
        if raw == "row":
            values = list(v.values()) if isinstance(v, dict) else list(v)
            return [t.encode(x) for t, x in zip(self.types, values)]
        if raw in ("double", "real"):
            return _float(v, raw == "real")
        if raw == "decimal":  # a string when DuckDB formatted it already
            return v if isinstance(v, str) else f"{decimal.Decimal(v):.{self.longs[1]}f}"
        if raw == "char":
            return str(v).ljust(self.longs[0])
        if raw == "varbinary":
            return base64.b64encode(bytes(v)).decode("ascii")
        if raw == "date":
            return v.isoformat()
        if raw == "time":
            return _clock(v, self.longs[0])
        if raw == "time with time zone":
            return _clock(v, self.longs[0]) + _offset(v.utcoffset())
        if raw == "timestamp":
            return f"{v:%Y-%m-%d} {_clock(v, self.longs[0])}"
        if raw == "timestamp with time zone":
            utc = v.astimezone(datetime.timezone.utc) if v.tzinfo else v
            return f"{utc:%Y-%m-%d} {_clock(utc, self.longs[0])} UTC"
        if raw == "interval day to second":
            return _interval(v)
        if raw in ("uuid", "varchar", "json", "ipaddress"):
            return str(v)
        if isinstance(v, (uuid.UUID, decimal.Decimal)):
            return str(v)
        return v


def _map_key(k):
    return k if isinstance(k, str) else str(k).lower() if isinstance(k, bool) else str(k)


def _double(v):
    return v if v - v == 0 else _float(v, False)  # NaN and ±Infinity give NaN: spelled out


def _float(v, single):
    f = float(v)
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "Infinity" if f > 0 else "-Infinity"
    if single:  # the shortest text that reads back as the same 32-bit float
        target = struct.pack("f", f)
        for digits in range(1, 10):
            text = f"{f:.{digits}g}"
            if struct.pack("f", float(text)) == target:
                return float(text)
    return f


def _clock(v, precision):
    text = f"{v:%H:%M:%S}"
    if precision > 0:
        text += "." + f"{v.microsecond:06d}".ljust(9, "0")[:precision]
    return text


def _offset(delta):
    minutes = int(delta.total_seconds() // 60) if delta is not None else 0
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _interval(delta):
    total_ms = int(round(delta.total_seconds() * 1000))
    sign = "-" if total_ms < 0 else ""
    total_ms = abs(total_ms)
    days, rest = divmod(total_ms, 86_400_000)
    hours, rest = divmod(rest, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{sign}{days} {hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"
