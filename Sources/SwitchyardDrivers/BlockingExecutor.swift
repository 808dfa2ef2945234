import Synchronization

/// The threads every blocking driver (a C client library that waits on a socket or a
/// computation) runs its calls on, shared by all the server's stored connections so that the
/// number of threads follows the load the server admits, not the number of connections.
///
/// Two sets of threads, each started as work needs it (`WorkerThreads`): `statements` threads
/// run work that may wait for a long time (queries, connects), as many as the server runs
/// queries at once; a few `control` threads run short work that must never queue behind
/// statements (interrupting a statement, closing a handle, freeing a result), or a cancel
/// could wait for the statement it cancels.
/// Work that has started always runs to completion: half-made C calls would leave a handle in
/// an unknown state.
public final class BlockingExecutor: Sendable {
    private let statements: WorkerThreads
    private let control: WorkerThreads
    private let stopped = Atomic(false)

    /// - Parameter threads: statements that may block at once (the server's cap on
    ///   concurrent queries); further work queues.
    public init(threads: Int, controlThreads: Int = 2) {
        statements = WorkerThreads(limit: threads, name: "switchyard-blocking")
        control = WorkerThreads(limit: controlThreads, name: "switchyard-control")
    }

    /// Threads that were never shut down are stopped with the executor.
    deinit {
        statements.stop()
        control.stop()
    }

    private static var stoppedError: DriverError { .unavailable("the server is shutting down") }

    /// `body` on a statement thread; throws `DriverError.unavailable` once the executor has
    /// stopped. Not cancellable: callers interrupt the call in the database instead.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        guard !stopped.load(ordering: .acquiring) else { throw Self.stoppedError }
        return try await withCheckedThrowingContinuation { continuation in
            statements.submit { active in
                guard active else { return continuation.resume(throwing: Self.stoppedError) }
                continuation.resume(with: Result(catching: body))
            }
        }
    }

    /// `run`, interruptible: cancelling the calling task raises `flag`, and the first raise
    /// while `body` runs calls `interrupt` (the engine's own way to stop a call: an interrupt
    /// function, `KILL QUERY`). `flag` is finished when `body` returns; `flag.isRaised` then
    /// tells whether the call was interrupted.
    public func run<T: Sendable>(
        interruptible flag: CancelFlag, interrupt: @escaping @Sendable () -> Void,
        _ body: @escaping @Sendable () throws -> T
    ) async -> Result<T, any Error> {
        let result: Result<T, any Error> = await withTaskCancellationHandler {
            do {
                return .success(
                    try await run {
                        defer { flag.finish() }
                        return try body()
                    })
            } catch {
                return .failure(error)
            }
        } onCancel: {
            if flag.raise() { interrupt() }
        }
        flag.finish()
        return result
    }

    /// Short clean-up work (closing, freeing) on a control thread, or in place once the
    /// threads have stopped, so that nothing is leaked whatever happened before.
    public func cleanUp(_ body: @escaping @Sendable () -> Void) async {
        guard !stopped.load(ordering: .acquiring) else { return body() }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            control.submit { _ in
                body()
                continuation.resume()
            }
        }
    }

    /// Queues short work on a control thread without waiting: for cancellation handlers and
    /// `deinit`, which cannot await. Skipped once the threads have stopped.
    public func submit(_ body: @escaping @Sendable () -> Void) {
        guard !stopped.load(ordering: .acquiring) else { return }
        control.submit { active in
            guard active else { return }
            body()
        }
    }

    /// Lets queued work finish and stops the threads; later work fails (`run`) or runs in place
    /// (`cleanUp`). Called once, when the server stops.
    public func shutdown() async {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        await statements.shutdown()
        await control.shutdown()
    }
}
