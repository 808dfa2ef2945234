/// Caps on ad-hoc queries, as the platform's reference server has them, but configurable.
public struct QueryLimits: Sendable {
    /// A JSON answer with more rows is refused with 413 (stream NDJSON for more).
    public var maxRows = 100_000
    /// A JSON answer larger than this is refused with 413.
    public var maxResultBytes = 50 * 1024 * 1024
    /// A statement running longer is cancelled in the database and answered 504.
    public var timeout: Duration = .seconds(300)
    /// Statements running at once on this server; one more is answered 503.
    public var maxConcurrentQueries = 32
    /// How long a connection test may take before it is reported failed.
    public var testTimeout: Duration = .seconds(15)

    public init() {}
}
