import Foundation
import SwitchyardDrivers

/// Interrupts a statement with `KILL QUERY <id>` sent from a separate, short-lived
/// connection (never a pooled one, which may all be busy). A user may always kill its own
/// sessions, so no extra privilege is needed.
struct QueryKiller: Sendable {
    let endpoint: MySQLEndpoint
    let threads: BlockingExecutor
    /// Pause between attempts while the interrupted call has not returned.
    private let retryPause: UInt32 = 100_000
    /// Attempts before giving up (about five seconds).
    private let attempts = 50

    init(endpoint: MySQLEndpoint, threads: BlockingExecutor) {
        self.endpoint = endpoint
        self.threads = threads
    }

    /// For cancellation handlers, which cannot wait: queues the kill on the driver's threads.
    /// It repeats while the call still runs, because a kill that lands before the statement
    /// reaches the server finds an idle session and does nothing.
    func interrupt(threadID: UInt, until cancel: CancelFlag) {
        let killer = self
        threads.submit {
            guard let connection = try? MySQLConnection.open(killer.endpoint) else { return }
            defer { connection.close() }
            for attempt in 0..<killer.attempts where cancel.isRunning {
                if attempt > 0 { usleep(killer.retryPause) }
                guard cancel.isRunning else { return }
                do {
                    try connection.execute("KILL QUERY \(threadID)")
                } catch {
                    return  // unknown thread: the session is gone already
                }
            }
        }
    }

    /// Blocking: makes sure an interrupted statement is gone before its handle is closed.
    /// The kills sent while the call ran may all have landed before the statement reached
    /// the server, and closing the socket alone does not stop a statement that is not
    /// writing (a `SLEEP`, a long sort). One more kill, sent after the call returned, cannot
    /// miss; on an idle session it does nothing.
    func settle(threadID: UInt) {
        _ = killNow(threadID: threadID)
    }

    /// Blocking, for a thread of the driver's: kills whatever `threadID` runs now and returns
    /// whether the server took the order. Once it returns, no kill is left in flight.
    func killNow(threadID: UInt) -> Bool {
        guard let connection = try? MySQLConnection.open(endpoint) else { return false }
        defer { connection.close() }
        return (try? connection.execute("KILL QUERY \(threadID)")) != nil
    }
}
