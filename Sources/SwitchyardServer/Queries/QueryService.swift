import Logging
import SwitchyardCore
import SwitchyardDrivers

/// Runs what clients ask of a connection's database — tests, catalogue browsing, statements —
/// through the connection's driver, within the server's limits.
struct QueryService: Sendable {
    let workspace: Workspace
    let registry: DriverRegistry
    let factory: DriverFactory
    let gate: QueryGate
    let limits: QueryLimits

    /// Runs `body` with the driver of a stored connection, made or reused for its revision.
    func withDriver<T: Sendable>(
        project: String, connection: String, _ body: (any DatabaseDriver) async throws -> T
    ) async throws -> T {
        let revision = try await workspace.connection(connection, in: project).revision
        return try await registry.withDriver(
            .init(project: project, connection: connection), revision: revision,
            config: { try await workspace.resolvedConfig(connection, in: project) }, body)
    }

    /// Whether the stored connection's database answers; failures are reported, not thrown.
    func test(project: String, connection: String) async throws -> ConnectionTestResult {
        do {
            return try await withDriver(project: project, connection: connection) { try await probe($0) }
        } catch let error as DriverError {
            return .failed(error.message)
        } catch let error as QueryError {
            return .failed(error.message)
        }
    }


    /// The same for a configuration that is not stored: a driver is made for the test alone.
    func test(config: ConnectionConfig) async -> ConnectionTestResult {
        let driver: any DatabaseDriver
        do {
            driver = try factory.makeDriver(for: config)
        } catch {
            return .failed(ResultStream.message(for: error))
        }
        return await withTaskGroup(of: Void.self) { group in
            group.addTask { await driver.run() }
            let result: ConnectionTestResult
            do {
                result = try await probe(driver)
            } catch {
                result = .failed(ResultStream.message(for: error))
            }
            await driver.shutdown()
            group.cancelAll()
            return result
        }
    }

    private func probe(_ driver: any DatabaseDriver) async throws -> ConnectionTestResult {
        do {
            try await withDeadline(.now + limits.testTimeout) { try await driver.test() }
            return .ok
        } catch QueryError.timedOut {
            return .failed("no answer within \(limits.testTimeout)")
        }
    }

    /// A statement's result as JSON rows, refused when over the row or byte cap.
    func collect(project: String, connection: String, sql: String) async throws -> CollectedResult {
        try await gate.admit {
            try await withDriver(project: project, connection: connection) { driver in
                try await withDeadline(.now + limits.timeout) {
                    try await Self.collect(driver: driver, sql: sql, limits: limits)
                }
            }
        }
    }

    private static func collect(driver: any DatabaseDriver, sql: String, limits: QueryLimits) async throws -> CollectedResult {
        let cursor = try await driver.query(sql)
        let encoder = RowJSON(columns: cursor.columns)
        var rows: [UInt8] = [UInt8(ascii: "[")]
        var count = 0
        do {
            while let batch = try await cursor.next() {
                for row in batch {
                    count += 1
                    guard count <= limits.maxRows else { throw QueryError.tooManyRows(limits.maxRows) }
                    if count > 1 { rows.append(UInt8(ascii: ",")) }
                    encoder.appendRow(row, to: &rows)
                }
                guard rows.count <= limits.maxResultBytes else { throw QueryError.tooManyBytes(limits.maxResultBytes) }
            }
        } catch {
            await cursor.close()
            throw error
        }
        await cursor.close()
        rows.append(UInt8(ascii: "]"))
        return CollectedResult(columns: cursor.columns, rowsJSON: String(decoding: rows, as: UTF8.self), totalRows: count)
    }
}

/// The outcome of a connection test.
enum ConnectionTestResult: Equatable {
    case ok
    case failed(String)
}

/// A whole result: its columns, its rows as a JSON array text, and how many there are.
struct CollectedResult: Sendable {
    let columns: [ColumnInfo]
    let rowsJSON: String
    let totalRows: Int
}

extension QueryService {
    /// Starts a statement whose rows are streamed. The stream holds a place in the gate and the
    /// driver until it ends, fails, or the request is abandoned (`RequestScope`).
    func stream(project: String, connection: String, sql: String) async throws -> ResultStream {
        try gate.enter()
        let lease: DriverRegistry.Lease
        do {
            let revision = try await workspace.connection(connection, in: project).revision
            lease = try await registry.lease(
                .init(project: project, connection: connection), revision: revision,
                config: { try await workspace.resolvedConfig(connection, in: project) })
        } catch {
            gate.leave()
            throw error
        }
        let deadline = ContinuousClock.now + limits.timeout
        let cursor: any RowCursor
        do {
            let driver = lease.driver
            cursor = try await withDeadline(deadline) { try await driver.query(sql) }
        } catch {
            await registry.release(lease)
            gate.leave()
            throw error
        }
        let finish = Once { [registry, gate] in
            await cursor.close()
            await registry.release(lease)
            gate.leave()
        }
        RequestScope.current?.onFinish { await finish() }
        return ResultStream(cursor: cursor, deadline: deadline, finish: { await finish() })
    }
}
