import PostgresNIO
import SwitchyardDrivers

/// Connections made outside the pool, each for one job and closed after it: `test()`, which
/// must report why connecting fails (the pool retries quietly and keeps the reason to
/// itself), and looking up column types while a statement holds a pooled connection (a pool
/// of one could never lend a second).
extension PostgresDriver {
    /// Connects once, outside the pool, and runs `SELECT 1`; throws why that failed.
    func probe(within limit: Duration) async throws {
        let outcome: Void?
        do {
            outcome = try await withOwnConnection(within: limit) { connection in
                for try await _ in try await connection.query("SELECT 1", logger: connection.logger) {}
            }
        } catch {
            throw errors.connectionFailure(error)
        }
        guard outcome != nil else {
            throw DriverError.connectionFailed("no answer from \(errors.target) within \(limit)")
        }
    }

    /// Runs `body` on a new connection and closes it; nil when connecting and `body` together
    /// took longer than `limit`.
    func withOwnConnection<Value: Sendable>(
        within limit: Duration,
        _ body: @escaping @Sendable (PostgresConnection) async throws -> Value
    ) async throws -> Value? {
        var configuration = ownConnectionConfiguration
        configuration.options.connectTimeout = TimeAmount(limit)
        let logger = self.logger
        // The connection's own deadline covers the handshake; ours covers the rest.
        return try await Deadline.run(within: limit + .milliseconds(500)) { [configuration] in
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
            do {
                let value = try await body(connection)
                try await connection.close()
                return value
            } catch {
                try? await connection.close()
                throw error
            }
        }
    }
}
