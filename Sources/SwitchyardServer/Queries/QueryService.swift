import Logging
import SwitchyardCore
import SwitchyardDrivers

/// Runs what clients ask of a connection's database — tests, catalogue browsing, statements —
/// through one path: admit (503 past the concurrency cap) → lease the connection's driver →
/// run within the deadline and the client's presence (504, or cancelled in the database) →
/// release. A streamed result takes the lease with it and releases it when it ends.
struct QueryService: Sendable {
    let workspace: Workspace
    let registry: DriverRegistry
    let factory: DriverFactory
    let gate: QueryGate
    let limits: QueryLimits
    let metrics: ServerMetrics

    /// Runs `work` with the driver of a stored connection, within the statement time limit;
    /// `measure` says how many rows and bytes its result carries, for the metrics.
    func run<T: Sendable>(
        project: String, connection: String, limit: Duration? = nil,
        measure: (T) -> (rows: Int, bytes: Int) = { _ in (0, 0) },
        _ work: @escaping @Sendable (any DatabaseDriver) async throws -> T
    ) async throws -> T {
        let bounds = StatementBounds(deadline: .now + (limit ?? limits.timeout), presence: ClientPresence.current)
        let lease = try await acquire(project: project, connection: connection)
        do {
            let result = try await bounds.run { try await work(lease.driver) }
            let (rows, bytes) = measure(result)
            await lease.end(.ok, rows: rows, bytes: bytes)
            return result
        } catch {
            await lease.end(failing: error)
            throw error
        }
    }

    /// Takes a gate place and a driver lease; gives the place back when the lease fails.
    private func acquire(project: String, connection: String) async throws -> StatementLease {
        let stored = try await workspace.connection(connection, in: project)
        let type = stored.config.type.rawValue
        do {
            try gate.enter()
        } catch {
            metrics.recordStatement(type: type, outcome: .refused)
            throw error
        }
        let meter = metrics.statementStarted(type: type)
        do {
            let key = DriverRegistry.Key(project: project, connection: connection)
            let (registry, workspace, gate) = (registry, workspace, gate)
            let waiting = ContinuousClock.now
            let driverLease = try await registry.lease(key, revision: stored.revision) {
                try await workspace.resolvedConfig(connection, in: project)
            }
            metrics.driverWait(type: type, .now - waiting)
            return StatementLease(driver: driverLease.driver, meter: meter) {
                await registry.release(driverLease)
                gate.leave()
            }
        } catch {
            gate.leave()
            meter.finish(StatementMeter.outcome(of: error))
            throw error
        }
    }

    /// Whether the stored connection's database answers; failures are reported, not thrown.
    func test(project: String, connection: String) async throws -> ConnectionTestResult {
        do {
            try await run(project: project, connection: connection, limit: limits.testTimeout) { try await $0.test() }
            return .ok
        } catch let error as DriverError {
            return failure(error)
        } catch let error as QueryError where error == .timedOut || error.isNoDriver {
            return failure(error)
        }
    }

    /// The same for a configuration that is not stored: a driver is made for the test alone.
    func test(config: ConnectionConfig) async throws -> ConnectionTestResult {
        let driver: any DatabaseDriver
        do {
            driver = try factory.forOneUse.makeDriver(for: config)
        } catch {
            return .failed(ResultStream.message(for: error))
        }
        try gate.enter()
        defer { gate.leave() }
        let bounds = StatementBounds(deadline: .now + limits.testTimeout, presence: ClientPresence.current)
        return await withTaskGroup(of: Void.self) { group in
            group.addTask { await driver.run() }
            let result: ConnectionTestResult
            do {
                try await bounds.run { try await driver.test() }
                result = .ok
            } catch {
                result = failure(error)
            }
            await driver.shutdown()
            group.cancelAll()
            return result
        }
    }

    /// A test's failure as the client is told it: the test's own time limit by name.
    private func failure(_ error: any Error) -> ConnectionTestResult {
        if case QueryError.timedOut = error { return .failed("no answer within \(limits.testTimeout)") }
        return .failed(ResultStream.message(for: error))
    }

    /// A statement's result as JSON rows, refused when over the row or byte cap.
    func collect(project: String, connection: String, sql: String) async throws -> CollectedResult {
        let limits = self.limits
        return try await run(project: project, connection: connection, measure: { ($0.totalRows, $0.rowsJSON.utf8.count) }) { driver in
            try await ResultCollector(limits: limits).collect(try await driver.query(sql))
        }
    }

    /// Starts a statement whose rows are streamed. The stream takes over the statement's
    /// lease and ends it when the rows end, fail or are abandoned (`RequestScope`).
    func stream(project: String, connection: String, sql: String, format: StreamFormat) async throws -> ResultStream {
        let bounds = StatementBounds(deadline: .now + limits.timeout, presence: ClientPresence.current)
        let lease = try await acquire(project: project, connection: connection)
        let cursor: any RowCursor
        do {
            let driver = lease.driver
            cursor = try await bounds.run { try await driver.query(sql) }
        } catch {
            await lease.end(failing: error)
            throw error
        }
        let finish: @Sendable (ResultStream.Ending) async -> Void = { ending in
            await cursor.close()
            await lease.end(ending.outcome, rows: ending.rows, bytes: ending.bytes)
        }
        // A stream its client abandoned ends here, cancelled.
        RequestScope.current?.onFinish { await finish(.init(outcome: .cancelled)) }
        return ResultStream(cursor: cursor, format: format, bounds: bounds, finish: finish)
    }
}

/// The outcome of a connection test.
enum ConnectionTestResult: Equatable {
    case ok
    case failed(String)
}
