import Synchronization

/// When the server last answered a probe of ours: while the pool is merely busy, one probe
/// every few seconds is enough, so a saturated pool does not add a connection per waiter.
final class Reachability: Sendable {
    private let lastAnswer = Mutex<ContinuousClock.Instant?>(nil)
    private let trustFor: Duration

    init(trustFor: Duration = .seconds(5)) { self.trustFor = trustFor }

    /// Whether a waiter should ask the server itself.
    func needsProbe() -> Bool {
        lastAnswer.withLock { last in last.map { ContinuousClock.now - $0 > trustFor } ?? true }
    }

    func answered() { lastAnswer.withLock { $0 = .now } }
}
