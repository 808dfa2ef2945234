"""One Trino query: run in the background, read out page by page, cancellable at any time.

A statement runs on its own DuckDB cursor in a thread, so the HTTP side can answer "still
running" pages, and a `DELETE` can interrupt it. Rows are fetched lazily, one page per `nextUri`
token; the newest page is kept so that a client retrying the same token gets the same rows.
"""

import re
import threading

import duckdb

import trino_errors
import trino_statements as st
import trino_type_names
from trino_catalog import HIDDEN_SCHEMA
from trino_errors import TrinoError

_BOOLEAN = trino_type_names.parse("boolean")
_BIGINT = trino_type_names.parse("bigint")
_COUNTED = {"INSERT", "DELETE", "UPDATE", "MERGE"}


class Query:
    def __init__(self, qid, slug, sql, session, catalog, settings):
        self.id, self.slug, self.sql, self.session = qid, slug, sql, session
        self.catalog, self.settings = catalog, settings
        self.state = "QUEUED"
        self.error = None
        self.columns = None  # [(name, TrinoType)] once known
        self.headers = {}  # X-Trino-Set-* answers for the client's session
        self.update_type = None
        self.update_count = None
        self.cancelled = threading.Event()
        self.done = threading.Event()
        self.processed_rows = 0
        self._cursor = None
        self._fetch = None
        self._lock = threading.Lock()
        self._page = None  # (token, rows, has_next)
        threading.Thread(target=self._run, name=f"query-{qid}", daemon=True).start()

    # --- execution -----------------------------------------------------------------
    def _run(self):
        try:
            sql, sleep = st.take_sleep(self.sql)
            self.state = "RUNNING"
            if sleep and self.cancelled.wait(sleep):
                return
            self._execute(sql)
        except TrinoError as e:
            self.error = e
        except duckdb.Error as e:
            self.error = trino_errors.from_duckdb(e)
        except Exception as e:  # an emulator bug still answers in Trino's shape
            self.error = TrinoError("GENERIC_INTERNAL_ERROR", f"{type(e).__name__}: {e}")
        finally:
            if self.cancelled.is_set():
                self.error = TrinoError("USER_CANCELED", "Query was canceled")
            if self.error is not None:
                self.state = "FAILED"
                self._close()
            self.done.set()

    def _execute(self, sql):
        answered = st.session_statement(sql, self.session, self.catalog)
        if answered is not None:
            columns, rows, self.headers, self.update_type, describe = answered
            if describe is not None:
                columns, rows = self._describe_output(describe)
            return self._serve_list(columns, rows)
        sql = st.expand_execute(sql, self.session)
        meta = self.catalog.answer(sql, self.session)
        if meta is not None:
            return self._serve_list(*meta)
        cur = self._open_cursor()
        duck_sql = st.to_duckdb(self.catalog.rewrite_information_schema(sql)).strip().rstrip(";")
        kind = st.update_type(sql)
        if kind is None and re.match(r"(?is)^\s*(?:\(|(?:select|with|values|table|from)\b)", duck_sql):
            return self._run_select(cur, sql, duck_sql)
        cur.execute(duck_sql)
        names = [d[0] for d in cur.description or []]
        if kind is None and cur.description:
            types = self.catalog.result_types(sql, names, [d[1] for d in cur.description])
            self._serve_cursor(cur, list(zip(names, types)))
            return
        self.update_type = kind
        counted = kind in _COUNTED or re.search(r"(?is)^\s*create\s.*\bas\s*\(?\s*(select|with|values|table)\b", sql)
        if counted and names == ["Count"]:
            self.update_count = cur.fetchone()[0]
            return self._serve_list([("rows", _BIGINT)], [[self.update_count]])
        self._serve_list([("result", _BOOLEAN)], [[True]])

    def _run_select(self, cur, sql, duck_sql):
        """Binds first to learn the types; decimals are then formatted by DuckDB, which is many
        times faster than Python's Decimal on large results."""
        rel = cur.sql(duck_sql)
        if rel is None:  # DuckDB ran it already: a statement after all (WITH … INSERT)
            return self._serve_list([("result", _BOOLEAN)], [[True]])
        types = self.catalog.result_types(sql, rel.columns, rel.types)
        if any(t.raw == "decimal" for t in types):
            outer = ", ".join(f"CAST(#{i} AS VARCHAR)" if t.raw == "decimal" else f"#{i}"
                              for i, t in enumerate(types, start=1))
            duck_sql = f"SELECT {outer} FROM ({duck_sql}) AS _emulator_query"
        cur.execute(duck_sql)
        self._serve_cursor(cur, list(zip(rel.columns, types)))

    def _serve_cursor(self, cur, columns):
        self.columns = columns
        self._fetch = cur.fetchmany

    def _open_cursor(self):
        session = self.session
        self.catalog.require_catalog(session.catalog)
        cur = self.catalog.db.cursor()
        self._cursor = cur
        if self.cancelled.is_set():
            raise TrinoError("USER_CANCELED", "Query was canceled")
        if session.schema:
            self.catalog.require_schema(session.schema)
            if session.schema == "information_schema":
                self.catalog.rewrite_information_schema("information_schema.x")
                cur.execute(f'USE memory."{HIDDEN_SCHEMA}"')
            else:
                cur.execute(f'USE memory."{session.schema}"')
        return cur

    def _describe_output(self, statement):
        cur = self._open_cursor()
        inner = st.to_duckdb(self.catalog.rewrite_information_schema(statement)).strip().rstrip(";")
        cur.execute(f"SELECT * FROM ({inner}) LIMIT 0")
        names = [d[0] for d in cur.description]
        types = self.catalog.result_types(statement, names, [d[1] for d in cur.description])
        varchar = trino_type_names.parse("varchar")
        columns = [("Column Name", varchar), ("Catalog", varchar), ("Schema", varchar), ("Table", varchar),
                   ("Type", varchar), ("Type Size", _BIGINT), ("Aliased", _BOOLEAN)]
        return columns, [[n, "", "", "", t.display(), 0, False] for n, t in zip(names, types)]

    def _serve_list(self, columns, rows):
        self.columns = columns
        remaining = list(rows)

        def fetch(n):
            taken = remaining[:n]
            del remaining[:n]
            return taken
        self._fetch = fetch

    # --- control ---------------------------------------------------------------------
    def cancel(self):
        self.cancelled.set()
        cur = self._cursor
        if cur is not None:
            try:
                cur.interrupt()
            except duckdb.Error:
                pass
        if self.done.is_set() and self.error is None:
            self.error = TrinoError("USER_CANCELED", "Query was canceled")
            self.state = "FAILED"
            with self._lock:
                self._close()

    def _close(self):
        """Gives the cursor's DuckDB connection back once its rows are read or it failed."""
        cur, self._cursor = self._cursor, None
        if cur is not None:
            try:
                cur.close()
            except duckdb.Error:
                pass

    def page(self, token):
        """(rows, has_next) for a `nextUri` token: token 0 carries only the columns, and every
        `empty_every`-th page after it is empty, as real coordinators send them now and then."""
        with self._lock:
            if self._page and self._page[0] == token:
                return self._page[1], self._page[2]
            expected = self._page[0] + 1 if self._page else 0
            if token != expected:
                raise KeyError(token)
            every = self.settings["empty_every"]
            if token == 0 or (every and token % (every + 1) == 0):
                rows, has_next = [], True
            else:
                try:
                    raw = self._fetch(self.settings["page_size"])
                except duckdb.Error as e:
                    raise trino_errors.from_duckdb(e)
                encoders = [t.encoder() for _, t in self.columns]
                if any(encoders):
                    rows = [[v if f is None or v is None else f(v) for f, v in zip(encoders, row)] for row in raw]
                else:
                    rows = [list(row) for row in raw]
                has_next = bool(rows)
                self.processed_rows += len(rows)
            if not has_next:
                self.state = "FINISHED"
                self._close()
            self._page = (token, rows, has_next)
            return rows, has_next
