import Foundation
import Logging
import PostgresNIO
import SwitchyardDrivers
import Synchronization

/// Stops a running statement in the server.
///
/// postgres-nio, when the task reading a row sequence is cancelled or the sequence is dropped,
/// only stops *reading*: it discards the rest of the result while the server runs the
/// statement to its end (`SELECT pg_sleep(30)` keeps its backend busy for 30 s), and it sends
/// no cancel request. So every statement the driver starts carries a unique tag in a leading
/// comment, and stopping it means asking the server, over a short-lived connection of our own,
/// to `pg_cancel_backend` the backend whose active statement carries that tag. The tag leads
/// the text because `pg_stat_activity` cuts long statements at `track_activity_query_size`.
///
/// That connection is made and used through EventLoopFuture calls, which do not react to task
/// cancellation: this runs exactly when the reader's task has been cancelled, where a lease
/// from the pool would fail at once (and the pool could hand back the very connection that
/// is still busy with the statement).
struct StatementCanceller: Sendable {
    let configuration: PostgresConnection.Configuration
    let timeout: Duration
    let logger: Logger

    /// A fresh tag for one statement: this process's random prefix and a count, unique across
    /// every server that shares a database without a random draw (a file read) per statement.
    static func makeTag() -> String {
        let number = statementCount.add(1, ordering: .relaxed).newValue
        return "switchyard-statement-\(processPrefix)-\(String(number, radix: 16))"
    }

    private static let processPrefix = UUID().uuidString.lowercased()
    private static let statementCount = Atomic<UInt64>(0)

    /// `sql` with its tag in front.
    static func tagged(_ sql: String, tag: String) -> String { "/* \(tag) */ " + sql }

    /// Cancels the statement tagged `tag` if it is still running; a statement that already
    /// ended is left alone. Failures are logged, not thrown: the caller is stopping anyway.
    func cancel(tag: String) async {
        try? await request(tag: tag).get()
    }

    /// The same, as a future that completes once the request has been answered (or failed),
    /// for callers that cannot wait: a cancellation handler.
    @discardableResult
    func request(tag: String) -> EventLoopFuture<Void> {
        let eventLoop = PostgresConnection.defaultEventLoopGroup.any()
        let logger = self.logger
        let timeout = self.timeout
        let statement: PostgresQuery = """
            SELECT pg_catalog.pg_cancel_backend(pid) FROM pg_catalog.pg_stat_activity
            WHERE pid <> pg_catalog.pg_backend_pid() AND state = 'active'
              AND strpos(query, \(tag)) > 0
            """
        let connecting: EventLoopFuture<PostgresConnection> = PostgresConnection.connect(
            on: eventLoop, configuration: configuration, id: 0, logger: logger)
        return connecting.flatMap { connection in
            // A server that accepted the connection but never answers must not hold us.
            let limit = eventLoop.scheduleTask(in: TimeAmount(timeout)) {
                let _: EventLoopFuture<Void> = connection.close()
            }
            let cancelling: EventLoopFuture<PostgresQueryResult> = connection.query(statement, logger: logger)
            // Closed whether or not the statement worked.
            return cancelling.map { _ in }.always { _ in
                limit.cancel()
                let _: EventLoopFuture<Void> = connection.close()
            }
        }.recover { error in
            logger.warning("could not cancel a statement in the server: \(error)")
        }
    }

    /// Runs `work`, which waits on the server; if the calling task is cancelled meanwhile, the
    /// statement tagged `tag` is cancelled in the server too, so that the wait ends promptly.
    /// No task is started for this: the cancellation handler sends the request.
    func whileRunning<Value: Sendable>(
        tag: String,
        _ work: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        try await withTaskCancellationHandler {
            try await work()
        } onCancel: {
            request(tag: tag)
        }
    }
}
