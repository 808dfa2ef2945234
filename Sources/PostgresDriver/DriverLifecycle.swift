import Synchronization

/// The link between `run()` and `shutdown()`: `run()` keeps the pool's work going until
/// `shutdown()` finishes the stop stream or its task is cancelled; `shutdown()` waits until
/// `run()` has wound down, so that connections are closed when it returns.
final class DriverLifecycle: Sendable {
    private enum Phase { case idle, running, stopped }

    private struct State {
        var phase = Phase.idle
        /// Waiting for `run()` to end.
        var waiters: [CheckedContinuation<Void, Never>] = []
        /// Waiting for `run()` to begin, by the number each wait was given.
        var starters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextStarter = 0
    }

    private let state = Mutex(State())
    private let stop = AsyncStream<Void>.makeStream()

    /// Whether `run()` is running, so that a wait for a connection can say why it was in vain.
    var isRunning: Bool { state.withLock { $0.phase == .running } }

    /// Runs `work` until `shutdown()` or cancellation, then cancels it and waits for it. Only
    /// the first call runs anything; a later one (or one after `shutdown()`) returns at once.
    func run(_ work: @escaping @Sendable () async -> Void) async {
        let starters: [Int: CheckedContinuation<Void, Never>]? = state.withLock { state in
            guard state.phase == .idle else { return nil }
            state.phase = .running
            defer { state.starters = [:] }
            return state.starters
        }
        guard let starters else { return }
        for starter in starters.values { starter.resume() }
        let stopSignal = stop.stream
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await work() }
            group.addTask { for await _ in stopSignal {} }
            _ = await group.next()
            group.cancelAll()
        }
        let waiters = state.withLock { state in
            state.phase = .stopped
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once `run()` has begun, the driver has stopped, or the calling task is
    /// cancelled: postgres-nio holds a lease asked for before its client runs, and one asked
    /// for while `run()` is starting can wait for good, so the pool is only asked once it runs.
    func started() async {
        let number = state.withLock { state in
            defer { state.nextStarter += 1 }
            return state.nextStarter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (starter: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state in
                    guard state.phase == .idle, !Task.isCancelled else { return true }
                    state.starters[number] = starter
                    return false
                }
                if now { starter.resume() }
            }
        } onCancel: {
            state.withLock { $0.starters.removeValue(forKey: number) }?.resume()
        }
    }

    /// Asks `run()` to stop and waits until it has.
    func shutdown() async {
        stop.continuation.finish()
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let (resumeNow, starters) = state.withLock { state in
                switch state.phase {
                case .idle:
                    state.phase = .stopped
                    defer { state.starters = [:] }
                    return (true, Array(state.starters.values))
                case .stopped:
                    return (true, [])
                case .running:
                    state.waiters.append(waiter)
                    return (false, [])
                }
            }
            for starter in starters { starter.resume() }
            if resumeNow { waiter.resume() }
        }
    }
}
