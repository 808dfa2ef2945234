import Synchronization

/// The link between `run()` and `shutdown()`: `run()` keeps the pool's work going until
/// `shutdown()` finishes the stop stream or its task is cancelled; `shutdown()` waits until
/// `run()` has wound down, so that connections are closed when it returns.
final class DriverLifecycle: Sendable {
    private enum Phase { case idle, running, stopped }

    private struct State {
        var phase = Phase.idle
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    private let stop = AsyncStream<Void>.makeStream()

    /// Whether `run()` is running, so that a wait for a connection can say why it was in vain.
    var isRunning: Bool { state.withLock { $0.phase == .running } }

    /// Runs `work` until `shutdown()` or cancellation, then cancels it and waits for it. Only
    /// the first call runs anything; a later one (or one after `shutdown()`) returns at once.
    func run(_ work: @escaping @Sendable () async -> Void) async {
        let starts = state.withLock { state in
            guard state.phase == .idle else { return false }
            state.phase = .running
            return true
        }
        guard starts else { return }
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

    /// Asks `run()` to stop and waits until it has.
    func shutdown() async {
        stop.continuation.finish()
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state in
                switch state.phase {
                case .idle:
                    state.phase = .stopped
                    return true
                case .stopped:
                    return true
                case .running:
                    state.waiters.append(waiter)
                    return false
                }
            }
            if resumeNow { waiter.resume() }
        }
    }
}
