import SwitchyardDrivers

/// The two limits of every statement: its deadline, and its client's presence. `run` races
/// the work against both; whichever comes first cancels the work, which the drivers turn
/// into a cancel of the statement in the database, and is awaited, so nothing outlives it.
/// The deadline is an `Alarm`, not `Task.sleep`, whose cancelled wake-ups would stay
/// scheduled, one per statement, until the deadline.
struct StatementBounds: Sendable {
    let deadline: ContinuousClock.Instant
    let presence: ClientPresence?

    private enum Outcome<Value: Sendable>: Sendable {
        case finished(Value)
        case timedOut
        case clientLeft
    }

    /// `work`'s result; throws `QueryError.timedOut` past the deadline and
    /// `CancellationError` once the client has gone.
    func run<Value: Sendable>(_ work: @escaping @Sendable () async throws -> Value) async throws -> Value {
        if presence?.hasDeparted == true { throw CancellationError() }
        let outcome = try await withThrowingTaskGroup(of: Outcome<Value>.self) { group in
            group.addTask { .finished(try await work()) }
            group.addTask {
                try await Alarm.wait(until: deadline)
                return .timedOut
            }
            if let presence {
                group.addTask {
                    await presence.departure()
                    try Task.checkCancellation()
                    return .clientLeft
                }
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
        switch outcome {
        case .finished(let value): return value
        case .timedOut: throw QueryError.timedOut
        case .clientLeft: throw CancellationError()
        }
    }
}
