import SwitchyardDrivers

/// Runs `work`, cancelling it and throwing `QueryError.timedOut` when `deadline` passes first.
/// Drivers turn the cancellation into a cancel of the statement in the database.
func withDeadline<T: Sendable>(
    _ deadline: ContinuousClock.Instant, _ work: @Sendable @escaping () async throws -> T
) async throws -> T {
    guard let value = try await Deadline.run(until: deadline, work) else { throw QueryError.timedOut }
    return value
}
