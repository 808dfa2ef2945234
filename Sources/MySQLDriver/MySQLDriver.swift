// The MySQL engine.
