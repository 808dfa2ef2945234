"""Rewrites of Trino statements into what DuckDB runs, and the session statements Trino has.

USE, PREPARE, EXECUTE [IMMEDIATE] … USING, DEALLOCATE PREPARE and DESCRIBE OUTPUT change or read
the client's session (answered through `X-Trino-Set-*` / `X-Trino-Added-Prepare` headers); the
other statements go to DuckDB after a few type names are translated.
"""

import re
import urllib.parse

import trino_type_names
from trino_errors import TrinoError

SLEEP = re.compile(r"(?i)\bemulator_sleep\s*\(\s*([0-9.]+)\s*\)")


def take_sleep(sql):
    """(sql without emulator_sleep(N) calls, seconds to wait): the hook for slow statements."""
    seconds = sum(float(m.group(1)) for m in SLEEP.finditer(sql))
    return SLEEP.sub(lambda m: m.group(1), sql), seconds


def to_duckdb(sql):
    """Trino type names DuckDB lacks, spelled as DuckDB's nearest types."""
    def timestamp(m):
        precision = int(m.group(1) or 3)
        if m.group(2):
            return "TIMESTAMPTZ"
        return {0: "TIMESTAMP_S", 1: "TIMESTAMP_MS", 2: "TIMESTAMP_MS", 3: "TIMESTAMP_MS"}.get(
            precision, "TIMESTAMP" if precision <= 6 else "TIMESTAMP_NS")
    sql = re.sub(r"(?i)\bvarbinary\b", "BLOB", sql)
    sql = re.sub(r"(?i)\btimestamp\s*\(\s*(\d)\s*\)(\s+with\s+time\s+zone)?", timestamp, sql)
    sql = re.sub(r"(?i)\btime\s*\(\s*\d\s*\)(\s+with\s+time\s+zone)?",
                 lambda m: "TIMETZ" if m.group(1) else "TIME", sql)
    return sql


def split_top_level(text):
    """Splits `a, 'b,c', f(d, e)` at the commas outside quotes and parentheses."""
    parts, depth, quote, start = [], 0, None, 0
    for i, ch in enumerate(text):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def bind(sql, literals):
    """Replaces each `?` outside quotes by the next literal, as Trino's USING clause does."""
    out, quote, n = [], None, 0
    for ch in sql:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "?":
            if n >= len(literals):
                raise TrinoError("GENERIC_USER_ERROR", "Incorrect number of parameters")
            out.append(f"({literals[n]})")
            n += 1
            continue
        out.append(ch)
    if n != len(literals):
        raise TrinoError("GENERIC_USER_ERROR", f"Incorrect number of parameters: expected {n} but found {len(literals)}")
    return "".join(out)


class Session:
    """What a request's headers say about the client's session."""

    def __init__(self, headers):
        self.user = headers.get("x-trino-user")
        self.catalog = headers.get("x-trino-catalog") or None
        self.schema = headers.get("x-trino-schema") or None
        self.source = headers.get("x-trino-source")
        self.prepared = {}
        for item in split_top_level(headers.get("x-trino-prepared-statement", "")):
            name, _, statement = item.partition("=")
            self.prepared[name.strip()] = urllib.parse.unquote_plus(statement)


def _pair(m):
    return f"{m.group(1)}={urllib.parse.quote_plus(m.group(2).strip())}"


def _setting(m):  # SET SESSION name = 'text': the value without its quotes
    return f"{m.group(1)}={urllib.parse.quote_plus(m.group(2).strip().strip(chr(39)))}"


# Statements answered by one response header: (pattern, header, updateType, header value)
_HEADER_STATEMENTS = [
    (r"(?is)^set\s+session\s+([\w.]+)\s*=\s*(.+)$", "X-Trino-Set-Session", "SET SESSION", _setting),
    (r"(?is)^reset\s+session\s+([\w.]+)$", "X-Trino-Clear-Session", "RESET SESSION", lambda m: m.group(1)),
    (r"(?is)^prepare\s+(\w+)\s+from\s+(.+)$", "X-Trino-Added-Prepare", "PREPARE", _pair),
    (r"(?is)^deallocate\s+prepare\s+(\w+)$", "X-Trino-Deallocated-Prepare", "DEALLOCATE", lambda m: m.group(1)),
]


def session_statement(sql, session, catalog):
    """For a session statement: (columns, rows, headers, update_type, sql_to_describe); else None."""
    s = sql.strip().rstrip(";").strip()
    ok = [("result", trino_type_names.parse("boolean"))], [[True]]
    m = re.match(r'(?is)^use\s+(?:"?(\w+)"?\s*\.\s*)?"?(\w+)"?$', s)
    if m:
        new_catalog = m.group(1) or session.catalog
        catalog.require_catalog(new_catalog)
        if not new_catalog:
            raise TrinoError("MISSING_CATALOG_NAME",
                             "Catalog must be specified when session catalog is not set")
        catalog.require_schema(m.group(2))
        return (*ok, {"X-Trino-Set-Catalog": new_catalog, "X-Trino-Set-Schema": m.group(2)}, "USE", None)
    for pattern, header, kind, value in _HEADER_STATEMENTS:
        m = re.match(pattern, s)
        if m:
            return (*ok, {header: value(m)}, kind, None)
    m = re.match(r"(?is)^describe\s+output\s+(\w+)$", s)
    if m:
        return None, None, {}, None, prepared(session, m.group(1))
    return None


def prepared(session, name):
    if name not in session.prepared:
        raise TrinoError("NOT_FOUND", f"Prepared statement not found: {name}")
    return session.prepared[name]


def expand_execute(sql, session):
    """EXECUTE IMMEDIATE 'sql' USING … and EXECUTE name USING …, as the statement they run."""
    s = sql.strip().rstrip(";").strip()
    m = re.match(r"(?is)^execute\s+immediate\s+'((?:[^']|'')*)'(?:\s+using\s+(.+))?$", s)
    if m:
        return bind(m.group(1).replace("''", "'"), split_top_level(m.group(2) or ""))
    m = re.match(r"(?is)^execute\s+(\w+)(?:\s+using\s+(.+))?$", s)
    if m:
        return bind(prepared(session, m.group(1)), split_top_level(m.group(2) or ""))
    return sql


def update_type(sql):
    """Trino's `updateType` for a statement that is not a query, else None."""
    words = re.findall(r"[A-Za-z]+", re.sub(r"(?s)/\*.*?\*/|--[^\n]*", " ", sql))[:3]
    first = [w.upper() for w in words]
    if not first or first[0] in ("SELECT", "WITH", "VALUES", "TABLE", "SHOW", "DESCRIBE", "EXPLAIN", "FROM"):
        return None
    if first[0] in ("CREATE", "DROP", "ALTER") and len(first) > 1:
        if first[1] in ("OR",) and len(first) > 2:
            return f"{first[0]} {first[2] if first[2] != 'REPLACE' else 'TABLE'}"
        return f"{first[0]} {first[1]}"
    return first[0]
