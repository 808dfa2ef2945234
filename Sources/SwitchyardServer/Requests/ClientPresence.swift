import Synchronization

/// Whether the client on one HTTP connection is still there. The connection's channel
/// handler marks it departed when the client closes its side or the socket fails; a
/// statement running for that client races its work against `departure()` and is cancelled
/// in the database when the client has gone, while keep-alive connections stay reusable.
final class ClientPresence: Sendable {
    /// Bound by `StatementRouteMiddleware` while a statement route runs.
    @TaskLocal static var current: ClientPresence?

    private struct State {
        var departed = false
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state = Mutex(State())

    var hasDeparted: Bool { state.withLock { $0.departed } }

    /// Records that the client has gone and wakes every `departure()`.
    func markDeparted() {
        let waiters = state.withLock { state in
            state.departed = true
            defer { state.waiters = [:] }
            return state.waiters
        }
        for waiter in waiters.values { waiter.resume() }
    }

    /// Returns once the client has gone, or at once when the calling task is cancelled;
    /// a cancelled wait leaves nothing behind, so a long-lived connection does not collect
    /// one waiter per request.
    func departure() async {
        let id = state.withLock { state in
            state.nextWaiter &+= 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    if state.departed || Task.isCancelled { return true }
                    state.waiters[id] = waiter
                    return false
                }
                if resumeNow { waiter.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
