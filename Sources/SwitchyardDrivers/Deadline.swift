/// Time limits for work that would otherwise wait without end (a pool that cannot connect
/// keeps retrying; a statement may run for hours).
public enum Deadline {
    /// `operation`'s result, or nil when `deadline` passed first; the operation is then
    /// cancelled and awaited, so nothing outlives the call.
    public static func run<Value: Sendable>(
        until deadline: ContinuousClock.Instant,
        _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value? {
        try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                // Not `Task.sleep`, which would keep its wake-up until `deadline` (see `Alarm`).
                try await Alarm.wait(until: deadline)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { return nil }
            return first
        }
    }

    /// The same with a limit counted from now.
    public static func run<Value: Sendable>(
        within limit: Duration,
        _ operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value? {
        try await run(until: .now + limit, operation)
    }
}
