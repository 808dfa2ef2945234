import Foundation
import Logging
import PostgresNIO
import SwitchyardDrivers

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

    /// A fresh tag for one statement.
    static func makeTag() -> String { "switchyard-statement-" + UUID().uuidString.lowercased() }

    /// `sql` with its tag in front.
    static func tagged(_ sql: String, tag: String) -> String { "/* \(tag) */ " + sql }

    /// Cancels the statement tagged `tag` if it is still running; a statement that already
    /// ended is left alone. Failures are logged, not thrown: the caller is stopping anyway.
    func cancel(tag: String) async {
        let eventLoop = PostgresConnection.defaultEventLoopGroup.any()
        do {
            let connecting: EventLoopFuture<PostgresConnection> = PostgresConnection.connect(
                on: eventLoop,
                configuration: configuration,
                id: 0,
                logger: logger
            )
            let connection = try await connecting.get()
            // A server that accepted the connection but never answers must not hold us.
            let limit = eventLoop.scheduleTask(in: TimeAmount(timeout)) {
                let _: EventLoopFuture<Void> = connection.close()
            }
            defer { limit.cancel() }
            let statement: PostgresQuery = """
                SELECT pg_catalog.pg_cancel_backend(pid) FROM pg_catalog.pg_stat_activity
                WHERE pid <> pg_catalog.pg_backend_pid() AND state = 'active'
                  AND strpos(query, \(tag)) > 0
                """
            let cancelling: EventLoopFuture<PostgresQueryResult> = connection.query(statement, logger: logger)
            // Closed whether or not the statement worked.
            let closing: EventLoopFuture<Void> = cancelling.map { _ in }.recover { _ in }.flatMap { connection.close() }
            try? await closing.get()
            _ = try await cancelling.get()
        } catch {
            logger.warning("could not cancel a statement in the server: \(error)")
        }
    }

    /// Runs `work`, which waits on the server; if the calling task is cancelled meanwhile, the
    /// statement tagged `tag` is cancelled in the server too, so that the wait ends promptly.
    func whileRunning<Value: Sendable>(
        tag: String,
        _ work: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let flag = CancelFlag()
        return try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask {
                defer { flag.finish() }
                return try await work()
            }
            group.addTask {
                // Ends when the caller is cancelled, or when `work` is done and we cancel it;
                // a cancelled `Task.sleep` would hold its wake-up for its whole length.
                await Alarm.waitForCancellation()
                if flag.isRunning { await cancel(tag: tag) }
                return nil
            }
            while let result = try await group.next() {
                if let value = result {
                    group.cancelAll()
                    return value
                }
            }
            throw CancellationError()
        }
    }
}
