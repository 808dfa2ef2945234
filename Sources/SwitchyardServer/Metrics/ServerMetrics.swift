import Metrics
import Foundation
import NIOCore
import Prometheus
import SwitchyardCore
import Synchronization

/// What the server counts for the operator's dashboards, in a Prometheus registry of its own
/// (each server built in a process has its own, so nothing is process-wide), served as text at
/// `/metrics`. Recorded through swift-metrics' types with this registry's factory.
final class ServerMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    // Every request and statement records into a few series; each is made once, then looked up
    // here rather than through the factory, which checks its name and labels every time.
    private let requestSeries = SeriesCache<RequestSeries, (Metrics.Counter, Metrics.Timer)>()
    private let outcomeSeries = SeriesCache<OutcomeSeries, (Metrics.Counter, Metrics.Timer)>()
    private let typeSeriesByName = SeriesCache<String, TypeSeries>()

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
        record(
            RequestSeries(route: route, method: method, status: status), in: requestSeries,
            counter: "switchyard_http_requests_total", timer: "switchyard_http_request_duration_seconds",
            dimensions: [("route", route), ("method", method), ("status", String(status))], duration: duration)
    }

    private struct RequestSeries: Hashable {
        let route: String
        let method: String
        let status: Int
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
        typeSeries(type).inFlight.increment()
        return StatementMeter(metrics: self, type: type, started: .now)
    }

    fileprivate func statementFinished(_ meter: StatementMeter, outcome: Outcome, rows: Int, bytes: Int) {
        let series = typeSeries(meter.type)
        series.inFlight.decrement()
        recordStatement(type: meter.type, outcome: outcome, duration: ContinuousClock.now - meter.started)
        if rows > 0 { series.rows.increment(by: rows) }
        if bytes > 0 { series.bytes.increment(by: bytes) }
    }

    /// A statement that was never admitted, or ended before it started.
    func recordStatement(type: String, outcome: Outcome, duration: Duration = .zero) {
        record(
            OutcomeSeries(type: type, outcome: outcome), in: outcomeSeries,
            counter: "switchyard_statements_total", timer: "switchyard_statement_duration_seconds",
            dimensions: [("type", type), ("outcome", outcome.rawValue)], duration: duration)
    }

    private struct OutcomeSeries: Hashable {
        let type: String
        let outcome: Outcome
    }

    /// The series of one connection type.
    private struct TypeSeries: Sendable {
        let inFlight: Metrics.Meter
        let rows: Metrics.Counter
        let bytes: Metrics.Counter
        let driverWait: Metrics.Timer
    }

    private func typeSeries(_ type: String) -> TypeSeries {
        typeSeriesByName.handle(for: type) {
            let dimensions = [("type", type)]
            return TypeSeries(
                inFlight: Meter(label: "switchyard_statements_in_flight", dimensions: dimensions, factory: factory),
                rows: Counter(label: "switchyard_statement_rows_total", dimensions: dimensions, factory: factory),
                bytes: Counter(label: "switchyard_statement_bytes_total", dimensions: dimensions, factory: factory),
                driverWait: Timer(label: "switchyard_driver_wait_seconds", dimensions: dimensions, factory: factory))
        }
    }

    /// One more event of a counted and timed series; `dimensions` are read only the first time.
    private func record<Key>(
        _ key: Key, in cache: SeriesCache<Key, (Metrics.Counter, Metrics.Timer)>, counter: String, timer: String,
        dimensions: @autoclosure () -> [(String, String)], duration: Duration
    ) {
        let (count, time) = cache.handle(for: key) {
            let dimensions = dimensions()
            return (
                Counter(label: counter, dimensions: dimensions, factory: factory),
                Timer(label: timer, dimensions: dimensions, factory: factory))
        }
        count.increment()
        time.recordNanoseconds(duration.nanoseconds)
    }

    // MARK: - Drivers and the catalog

    /// How long a statement waited for its connection's driver (made, or shared).
    func driverWait(type: String, _ duration: Duration) {
        typeSeries(type).driverWait.recordNanoseconds(duration.nanoseconds)
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

/// The metric handles of each series met so far, made on first use.
private final class SeriesCache<Key: Hashable & Sendable, Handles: Sendable>: Sendable {
    private let handles = Mutex<[Key: Handles]>([:])

    func handle(for key: Key, make: () -> Handles) -> Handles {
        handles.withLock { handles in
            if let known = handles[key] { return known }
            let made = make()
            handles[key] = made
            return made
        }
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
