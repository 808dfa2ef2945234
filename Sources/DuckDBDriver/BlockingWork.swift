import NIOPosix
import SwitchyardDrivers

/// Runs DuckDB's blocking calls on the driver's own threads, never on a caller's executor.
/// Task cancellation does not skip work here: a statement is cancelled by interrupting it in
/// DuckDB, and clean-up must run whatever happened to the task that asked for it.
struct BlockingWork: Sendable {
    let threads: NIOThreadPool

    /// `body` on a pool thread; fails when the driver has shut down.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            threads.submit { state in
                switch state {
                case .active: continuation.resume(with: Result(catching: body))
                case .cancelled: continuation.resume(throwing: DriverError.unavailable("the DuckDB connection has shut down"))
                }
            }
        }
    }

    /// Releases resources: on a pool thread while there is one, and in place once the pool
    /// has stopped, so that nothing is leaked at shutdown.
    func cleanup(_ body: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            threads.submit { _ in
                body()
                continuation.resume()
            }
        }
    }

    /// Like `cleanup`, without waiting: for `deinit`, which cannot.
    func cleanupLater(_ body: @escaping @Sendable () -> Void) {
        threads.submit { _ in body() }
    }
}
