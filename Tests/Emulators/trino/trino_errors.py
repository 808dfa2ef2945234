"""Trino's error shape: `message`, `errorCode`, `errorName`, `errorType`, `failureInfo`.

Codes are those of Trino's StandardErrorCode, so a client that branches on them (a syntax error
is the caller's fault, an internal error is the server's) sees what a real coordinator sends.
"""

import re

import duckdb

CODES = {
    "GENERIC_USER_ERROR": 0, "SYNTAX_ERROR": 1, "USER_CANCELED": 3, "PERMISSION_DENIED": 4,
    "NOT_FOUND": 5, "FUNCTION_NOT_FOUND": 6, "INVALID_FUNCTION_ARGUMENT": 7, "DIVISION_BY_ZERO": 8,
    "INVALID_CAST_ARGUMENT": 9, "NOT_SUPPORTED": 13, "CONSTRAINT_VIOLATION": 16,
    "NUMERIC_VALUE_OUT_OF_RANGE": 19, "CATALOG_NOT_FOUND": 44, "SCHEMA_NOT_FOUND": 45,
    "TABLE_NOT_FOUND": 46, "COLUMN_NOT_FOUND": 47, "SCHEMA_ALREADY_EXISTS": 49,
    "TABLE_ALREADY_EXISTS": 50, "MISSING_CATALOG_NAME": 56, "MISSING_SCHEMA_NAME": 57, "TYPE_MISMATCH": 58,
    "GENERIC_INTERNAL_ERROR": 65536, "EXCEEDED_TIME_LIMIT": 131075,
}


class TrinoError(Exception):
    """A failed statement, carrying Trino's error name."""

    def __init__(self, name, message):
        super().__init__(message)
        self.name = name
        self.message = message

    def to_json(self):
        code = CODES[self.name]
        kind = ("USER_ERROR" if code < 65536 else
                "INTERNAL_ERROR" if code < 131072 else "INSUFFICIENT_RESOURCES")
        return {
            "message": self.message,
            "errorCode": code,
            "errorName": self.name,
            "errorType": kind,
            "failureInfo": {"type": "io.trino.spi.TrinoException", "message": self.message,
                            "suppressed": [], "stack": []},
        }


def from_duckdb(error):
    """The Trino error a coordinator would raise for the DuckDB exception."""
    text = str(error)
    message = re.sub(r"^[A-Za-z ]+ Error: ", "", text).split("\n\nLINE")[0].split("\nDid you mean")[0].strip()
    # DuckDB's wording, said the way Trino says it
    message = re.sub(r"^Table with name (\S+) does not exist!?", r"Table '\1' does not exist", message)
    message = re.sub(r'^Referenced column "([^"]+)" not found in FROM clause!?.*', r"Column '\1' cannot be resolved",
                     message, flags=re.S)
    if isinstance(error, duckdb.ParserException):
        return TrinoError("SYNTAX_ERROR", f"line 1:1: {message}")
    if isinstance(error, duckdb.CatalogException):
        if "Schema" in message:
            return TrinoError("SCHEMA_NOT_FOUND", message)
        if "Function" in message or "function" in message:
            return TrinoError("FUNCTION_NOT_FOUND", message)
        if "already exists" in message:
            return TrinoError("TABLE_ALREADY_EXISTS", message)
        return TrinoError("TABLE_NOT_FOUND", message)
    if isinstance(error, duckdb.BinderException):
        if "olumn" in message:
            return TrinoError("COLUMN_NOT_FOUND", message)
        if "function" in message.lower():
            return TrinoError("FUNCTION_NOT_FOUND", message)
        return TrinoError("TYPE_MISMATCH", message)
    if isinstance(error, duckdb.ConversionException):
        return TrinoError("INVALID_CAST_ARGUMENT", message)
    if isinstance(error, duckdb.OutOfRangeException):
        return TrinoError("NUMERIC_VALUE_OUT_OF_RANGE", message)
    if isinstance(error, duckdb.ConstraintException):
        return TrinoError("CONSTRAINT_VIOLATION", message)
    if isinstance(error, duckdb.InterruptException):
        return TrinoError("USER_CANCELED", "Query was canceled")
    if isinstance(error, (duckdb.InvalidInputException, duckdb.NotImplementedException)):
        return TrinoError("NOT_SUPPORTED", message)
    return TrinoError("GENERIC_INTERNAL_ERROR", message)
