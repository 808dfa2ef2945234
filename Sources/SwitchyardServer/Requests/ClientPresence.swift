import Synchronization

/// Whether the client on one HTTP connection is still there. The connection's channel
/// handler marks it departed when the client closes its side or the socket fails; a
/// statement running for that client observes its departure and is cancelled in the database
/// when the client has gone, while keep-alive connections stay reusable. An observer is taken
/// out when its statement ends, so a long-lived connection does not collect one per request.
final class ClientPresence: Sendable {
    /// Bound by `StatementRouteMiddleware` while a statement route runs.
    @TaskLocal static var current: ClientPresence?

    private struct State {
        var departed = false
        var observers: [UInt64: @Sendable () -> Void] = [:]
        var nextObserver: UInt64 = 0
    }

    private let state = Mutex(State())

    var hasDeparted: Bool { state.withLock { $0.departed } }

    /// Records that the client has gone and calls every observer.
    func markDeparted() {
        let observers = state.withLock { state in
            state.departed = true
            defer { state.observers = [:] }
            return state.observers
        }
        for observer in observers.values { observer() }
    }

    /// Calls `action` once the client has gone (at once if it has), unless `stopObserving`
    /// comes first: for work that is stopped without a task of its own waiting for this.
    func observeDeparture(_ action: @escaping @Sendable () -> Void) -> UInt64 {
        let (id, departed) = state.withLock { state in
            state.nextObserver &+= 1
            if !state.departed { state.observers[state.nextObserver] = action }
            return (state.nextObserver, state.departed)
        }
        if departed { action() }
        return id
    }

    func stopObserving(_ id: UInt64) {
        _ = state.withLock { $0.observers.removeValue(forKey: id) }
    }
}
