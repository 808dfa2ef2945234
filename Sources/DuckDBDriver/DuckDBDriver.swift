// The DuckDB engine.
