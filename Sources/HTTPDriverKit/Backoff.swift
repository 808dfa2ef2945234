/// The waits between attempts of a request that a protocol allows to be sent again: doubling
/// from `first`, capped at `longest`, with up to a quarter added at random so that clients
/// turned away together do not come back together, and never more than `maxAttempts` in all.
public struct Backoff: Sendable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    public var first: Duration
    public var longest: Duration

    public init(maxAttempts: Int = 5, first: Duration = .milliseconds(100), longest: Duration = .seconds(3)) {
        self.maxAttempts = maxAttempts
        self.first = first
        self.longest = longest
    }

    /// The wait after `attempt` (1-based) failed, or nil when no attempt is left.
    public func delay(afterAttempt attempt: Int) -> Duration? {
        guard attempt < maxAttempts else { return nil }
        let base = min(first * (1 << min(attempt - 1, 16)), longest)
        return base + base * Double.random(in: 0...0.25)
    }
}
