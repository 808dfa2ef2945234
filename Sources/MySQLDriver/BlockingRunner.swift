import CMariaDB
import NIOPosix
import SwitchyardDrivers

/// Connector/C's process-wide set-up. `mysql_library_init` is not thread-safe and must run
/// before the first `mysql_init`; a `static let` initialiser runs exactly once, whichever
/// thread gets there first, which is the guard the library asks for.
enum MariaDBLibrary {
    private static let initStatus: Int32 = mysql_server_init(0, nil, nil)

    /// Makes the current thread ready for Connector/C calls. Connector/C 3 keeps no
    /// per-thread state worth ending, but `mysql_thread_init` is what its API asks of every
    /// thread that calls it, and it is cheap and idempotent.
    static func prepareCurrentThread() {
        precondition(initStatus == 0, "mysql_library_init failed")
        _ = mysql_thread_init()
    }
}

/// Runs Connector/C's blocking calls on the driver's own threads, never on a Swift
/// concurrency executor. Work that has started always runs to completion: a statement is
/// interrupted with `KILL QUERY` from another connection, not by abandoning its thread.
struct BlockingRunner: Sendable {
    let threads: NIOThreadPool

    /// Runs `body` on a pool thread and returns its result. Not cancellable on purpose: a
    /// half-made call would leave a handle in an unknown state.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            threads.submit { state in
                guard case .active = state else {
                    continuation.resume(throwing: DriverError.unavailable("the MySQL driver has been shut down"))
                    return
                }
                MariaDBLibrary.prepareCurrentThread()
                continuation.resume(with: Result(catching: body))
            }
        }
    }

    /// Like `run`, but also when the threads have stopped (after `shutdown()`): then `body`
    /// runs on the caller's thread, so handles are still closed and results freed.
    func cleanUp(_ body: @escaping @Sendable () -> Void) async {
        do {
            try await run(body)
        } catch {
            MariaDBLibrary.prepareCurrentThread()
            body()
        }
    }

    /// Queues `body` without waiting for it: for cancellation handlers and `deinit`, which
    /// cannot await. Skipped once the threads have stopped.
    func submit(_ body: @escaping @Sendable () -> Void) {
        threads.submit { state in
            guard case .active = state else { return }
            MariaDBLibrary.prepareCurrentThread()
            body()
        }
    }
}
