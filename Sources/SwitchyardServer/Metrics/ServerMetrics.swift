import Metrics
import Foundation
import NIOCore
import Prometheus
import SwitchyardCore

/// What the server counts for the operator's dashboards, in a Prometheus registry of its own
/// (each server built in a process has its own, so nothing is process-wide), served as text at
/// `/metrics`. Recorded through swift-metrics' types with this registry's factory.
final class ServerMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
            .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
            .seconds(30), .seconds(60), .seconds(300),
        ]
        self.factory = factory
    }

    /// The Prometheus text exposition of every metric.
    func exposition() -> ByteBuffer {
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return ByteBuffer(bytes: bytes)
    }

    // MARK: - Requests

    /// One answered request: `route` is the route's template (`/api/v0/projects/{projectName}`),
    /// never the path itself, so names of projects and connections make no new series.
    func request(route: String, method: String, status: Int, duration: Duration) {
        let dimensions = [("route", route), ("method", method), ("status", String(status))]
        Counter(label: "switchyard_http_requests_total", dimensions: dimensions, factory: factory).increment()
        Timer(label: "switchyard_http_request_duration_seconds", dimensions: dimensions, factory: factory)
            .recordNanoseconds(duration.nanoseconds)
    }

    // MARK: - Statements

    /// How a statement ended.
    enum Outcome: String {
        case ok, error, timeout, cancelled
        /// Not admitted: the concurrency cap was reached (503).
        case refused
    }

    /// A statement begins on a connection of `type`: it counts as in flight until `finish`.
    func statementStarted(type: String) -> StatementMeter {
        Meter(label: "switchyard_statements_in_flight", dimensions: [("type", type)], factory: factory).increment()
        return StatementMeter(metrics: self, type: type, started: .now)
    }

    fileprivate func statementFinished(_ meter: StatementMeter, outcome: Outcome, rows: Int, bytes: Int) {
        let type = [("type", meter.type)]
        Meter(label: "switchyard_statements_in_flight", dimensions: type, factory: factory).decrement()
        recordStatement(type: meter.type, outcome: outcome, duration: ContinuousClock.now - meter.started)
        if rows > 0 { Counter(label: "switchyard_statement_rows_total", dimensions: type, factory: factory).increment(by: rows) }
        if bytes > 0 { Counter(label: "switchyard_statement_bytes_total", dimensions: type, factory: factory).increment(by: bytes) }
    }

    /// A statement that was never admitted, or ended before it started.
    func recordStatement(type: String, outcome: Outcome, duration: Duration = .zero) {
        let dimensions = [("type", type), ("outcome", outcome.rawValue)]
        Counter(label: "switchyard_statements_total", dimensions: dimensions, factory: factory).increment()
        Timer(label: "switchyard_statement_duration_seconds", dimensions: dimensions, factory: factory)
            .recordNanoseconds(duration.nanoseconds)
    }

    // MARK: - Drivers and the catalog

    /// How long a statement waited for its connection's driver (made, or shared).
    func driverWait(type: String, _ duration: Duration) {
        Timer(label: "switchyard_driver_wait_seconds", dimensions: [("type", type)], factory: factory)
            .recordNanoseconds(duration.nanoseconds)
    }

    /// How many drivers (each with its pool) are open, per connection type; every type is
    /// given, so one whose last driver closed reads 0.
    func driversOpen(_ counts: [ConnectionType: Int]) {
        for type in ConnectionType.allCases {
            Gauge(label: "switchyard_drivers_open", dimensions: [("type", type.rawValue)], factory: factory).record(counts[type] ?? 0)
        }
    }

    /// Times a write to the catalog (`operation` names it: create_connection, …).
    func catalogWrite<T>(_ operation: String, _ body: () async throws -> T) async rethrows -> T {
        let started = ContinuousClock.now
        defer {
            Timer(label: "switchyard_catalog_write_seconds", dimensions: [("operation", operation)], factory: factory)
                .recordNanoseconds((ContinuousClock.now - started).nanoseconds)
        }
        return try await body()
    }
}

/// One statement's record: outcome, rows and bytes, given once when it ends.
final class StatementMeter: Sendable {
    fileprivate let metrics: ServerMetrics
    fileprivate let type: String
    fileprivate let started: ContinuousClock.Instant

    fileprivate init(metrics: ServerMetrics, type: String, started: ContinuousClock.Instant) {
        self.metrics = metrics
        self.type = type
        self.started = started
    }

    func finish(_ outcome: ServerMetrics.Outcome, rows: Int = 0, bytes: Int = 0) {
        metrics.statementFinished(self, outcome: outcome, rows: rows, bytes: bytes)
    }

    /// The outcome a failure stands for.
    static func outcome(of error: any Error) -> ServerMetrics.Outcome {
        switch error {
        case QueryError.timedOut: .timeout
        case QueryError.tooManyQueries(_): .refused
        case is CancellationError: .cancelled
        default: .error
        }
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
