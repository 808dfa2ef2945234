/* DuckDB C API subset, loaded at run time. */
