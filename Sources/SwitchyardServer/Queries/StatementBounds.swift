import SwitchyardDrivers
import Synchronization

/// The two limits of every statement: its deadline, and its client's presence. `run` runs the
/// work in a task of its own that whichever limit comes first cancels — the drivers turn that
/// into a cancel of the statement in the database — and awaits it, so nothing outlives it.
///
/// The limits are callbacks (an `Alarm` and a presence observer), not tasks racing the work:
/// at thousands of small statements a second, two more tasks per statement to start, cancel
/// and collect cost more than the statement itself.
struct StatementBounds: Sendable {
    let deadline: ContinuousClock.Instant
    let presence: ClientPresence?

    /// Why the work was stopped; the first limit reached wins.
    private enum Limit: Sendable {
        case timedOut
        case clientLeft
    }

    /// `work`'s result; throws `QueryError.timedOut` past the deadline and
    /// `CancellationError` once the client has gone.
    func run<Value: Sendable>(_ work: @escaping @Sendable () async throws -> Value) async throws -> Value {
        if presence?.hasDeparted == true { throw CancellationError() }
        // Awaited below and cancelled with its caller: structured in all but name, and one
        // task where a group needs one per racer.
        let task = Task { try await work() }
        let reached = Mutex<Limit?>(nil)
        let stop: @Sendable (Limit) -> Void = { limit in
            let first = reached.withLock { reached in
                defer { reached = reached ?? limit }
                return reached == nil
            }
            if first { task.cancel() }
        }
        let alarm = Alarm.call(at: deadline) { stop(.timedOut) }
        let observer = presence?.observeDeparture { stop(.clientLeft) }
        defer {
            alarm.cancel()
            if let observer { presence?.stopObserving(observer) }
        }
        do {
            return try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
        } catch {
            switch reached.withLock({ $0 }) {
            case .timedOut: throw QueryError.timedOut
            case .clientLeft: throw CancellationError()
            case nil: throw error
            }
        }
    }
}
