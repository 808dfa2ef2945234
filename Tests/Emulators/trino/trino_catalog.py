"""Trino's catalogs, schemas and metadata statements, laid over one DuckDB database.

The catalog `memory` is DuckDB's in-memory database; its DuckDB schemas are Trino's schemas.
Statements DuckDB does not know (SHOW CATALOGS/SCHEMAS/TABLES/COLUMNS, DESCRIBE, USE) are answered
here, and `information_schema` is a hidden DuckDB schema refreshed before each statement that
names it, with Trino's column layout and type names.
"""

import fnmatch
import re
import threading

import trino_type_names
from trino_errors import TrinoError

CATALOG = "memory"
HIDDEN_SCHEMA = "_emulator_information_schema"
_INTERNAL = {"main", "pg_catalog", HIDDEN_SCHEMA}
_VARCHAR = trino_type_names.parse("varchar")


class Catalog:
    """The schemas and tables Trino would show, plus the Trino types declared for columns."""

    def __init__(self, db):
        self.db = db
        self.declared = {}  # (schema, table) -> {column: TrinoType}
        self._lock = threading.Lock()
        db.execute(f'CREATE SCHEMA IF NOT EXISTS {CATALOG}."{HIDDEN_SCHEMA}"')

    def declare(self, schema, table, columns):
        """Remembers Trino types that DuckDB cannot keep (varchar(5), char(3), time(3), …)."""
        self.declared[(schema, table)] = {n: trino_type_names.parse(t) for n, t in columns.items()}

    # --- listings --------------------------------------------------------------
    def schemas(self):
        rows = self.db.execute(
            "SELECT schema_name FROM duckdb_schemas() WHERE database_name = ?", [CATALOG]).fetchall()
        names = {r[0] for r in rows if r[0] not in _INTERNAL} | {"information_schema"}
        return sorted(names)

    def tables(self, schema):
        rows = self.db.execute(
            "SELECT table_name, 'BASE TABLE' FROM duckdb_tables() WHERE database_name = ? AND schema_name = ? "
            "UNION ALL SELECT view_name, 'VIEW' FROM duckdb_views() "
            "WHERE database_name = ? AND schema_name = ? AND NOT internal ORDER BY 1",
            [CATALOG, schema, CATALOG, schema]).fetchall()
        return rows

    def columns(self, schema, table):
        """[(name, TrinoType)] of one table, declared types first."""
        rel = self.db.cursor().sql(f'SELECT * FROM {CATALOG}."{schema}"."{table}" LIMIT 0')
        declared = self.declared.get((schema, table), {})
        return [(n, declared.get(n) or trino_type_names.from_duckdb(t)) for n, t in zip(rel.columns, rel.types)]

    def require_catalog(self, name):
        if name and name != CATALOG:
            raise TrinoError("CATALOG_NOT_FOUND", f"Catalog '{name}' not found")

    def require_schema(self, name):
        if name not in self.schemas():
            raise TrinoError("SCHEMA_NOT_FOUND", f"Schema '{name}' does not exist")

    # --- information_schema ------------------------------------------------------
    def rewrite_information_schema(self, sql):
        pattern = re.compile(r'(?i)(?:"?memory"?\s*\.\s*)?"?information_schema"?\s*\.')
        if not pattern.search(sql):
            return sql
        self._refresh_information_schema()
        return pattern.sub(f'{CATALOG}."{HIDDEN_SCHEMA}".', sql)

    def _refresh_information_schema(self):
        schemata, tables, columns = [], [], []
        for schema in self.schemas():
            schemata.append((CATALOG, schema))
            if schema == "information_schema":
                continue
            for table, kind in self.tables(schema):
                tables.append((CATALOG, schema, table, kind))
                for pos, (name, ttype) in enumerate(self.columns(schema, table), start=1):
                    columns.append((CATALOG, schema, table, name, pos, None, "YES", ttype.display()))
        h = f'{CATALOG}."{HIDDEN_SCHEMA}"'
        with self._lock:
            cur = self.db.cursor()
            cur.execute(f"CREATE OR REPLACE TABLE {h}.schemata (catalog_name VARCHAR, schema_name VARCHAR)")
            cur.execute(f"CREATE OR REPLACE TABLE {h}.tables (table_catalog VARCHAR, table_schema VARCHAR, "
                        "table_name VARCHAR, table_type VARCHAR)")
            cur.execute(f"CREATE OR REPLACE TABLE {h}.columns (table_catalog VARCHAR, table_schema VARCHAR, "
                        "table_name VARCHAR, column_name VARCHAR, ordinal_position BIGINT, "
                        "column_default VARCHAR, is_nullable VARCHAR, data_type VARCHAR)")
            for name, rows in (("schemata", schemata), ("tables", tables), ("columns", columns)):
                if rows:
                    marks = ", ".join("?" * len(rows[0]))
                    cur.executemany(f"INSERT INTO {h}.{name} VALUES ({marks})", rows)

    # --- result types --------------------------------------------------------------
    def result_types(self, sql, names, duck_types):
        """Trino types of a result; a column read straight from a table keeps its declared type."""
        candidates = [cols for (_, table), cols in self.declared.items()
                      if re.search(rf'(?i)\b"?{re.escape(table)}"?\b', sql)]
        out = []
        for name, dtype in zip(names, duck_types):
            actual = trino_type_names.from_duckdb(dtype)
            chosen = actual
            for cols in candidates:
                declared = cols.get(name)
                if declared is not None and _compatible(declared, actual):
                    chosen = declared
                    break
            out.append(chosen)
        return out

    # --- statements DuckDB does not know -----------------------------------------------
    def answer(self, sql, session):
        """(columns, rows) for a metadata statement, or None to let DuckDB run it."""
        s = sql.strip().rstrip(";").strip()
        like = _like(s)
        if re.match(r"(?is)^show\s+catalogs\b", s):
            return [("Catalog", _VARCHAR)], _filter([CATALOG], like)
        m = re.match(r'(?is)^show\s+schemas(?:\s+(?:from|in)\s+"?(\w+)"?)?', s)
        if m:
            self.require_catalog(m.group(1) or session.catalog)
            return [("Schema", _VARCHAR)], _filter(self.schemas(), like)
        m = re.match(r'(?is)^show\s+tables(?:\s+(?:from|in)\s+(?:"?(\w+)"?\s*\.\s*)?"?(\w+)"?)?', s)
        if m:
            self.require_catalog(m.group(1) or session.catalog)
            schema = m.group(2) or session.schema
            if not schema:
                raise TrinoError("MISSING_SCHEMA_NAME", "Schema must be specified when session schema is not set")
            self.require_schema(schema)
            return [("Table", _VARCHAR)], _filter([t for t, _ in self.tables(schema)], like)
        m = re.match(r'(?is)^(?:show\s+columns\s+from|describe)\s+(?!input\b|output\b)([\w".]+)$', s)
        if m:
            schema, table = self.resolve(m.group(1), session)
            if table not in [t for t, _ in self.tables(schema)]:
                raise TrinoError("TABLE_NOT_FOUND", f"Table '{CATALOG}.{schema}.{table}' does not exist")
            cols = [("Column", _VARCHAR), ("Type", _VARCHAR), ("Extra", _VARCHAR), ("Comment", _VARCHAR)]
            return cols, [[n, t.display(), "", ""] for n, t in self.columns(schema, table)]
        return None

    def resolve(self, dotted, session):
        parts = [p.strip('"') for p in dotted.split(".")]
        if len(parts) == 3:
            self.require_catalog(parts[0])
            parts = parts[1:]
        if len(parts) == 1:
            if not session.schema:
                raise TrinoError("MISSING_SCHEMA_NAME", "Schema must be specified when session schema is not set")
            parts = [session.schema] + parts
        self.require_schema(parts[0])
        return parts[0], parts[1]


def _compatible(declared, actual):
    if declared.raw in ("varchar", "char", "ipaddress"):
        return actual.raw == "varchar"
    return declared.raw == actual.raw


def _like(sql):
    m = re.search(r"(?is)\blike\s+'((?:[^']|'')*)'", sql)
    return m.group(1).replace("''", "'") if m else None


def _filter(names, like):
    if like is not None:
        glob = like.replace("*", "[*]").replace("?", "[?]").replace("%", "*").replace("_", "?")
        names = [n for n in names if fnmatch.fnmatchcase(n, glob)]
    return [[n] for n in names]
