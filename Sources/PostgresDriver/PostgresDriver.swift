// The Postgres engine.
