import Foundation

/// When a request may be sent again. Trino's protocol allows it only for answers that say
/// the coordinator did not take the request: 503 (busy or starting), and 429 when it says in
/// `Retry-After` how long to wait. Everything else fails at once, so a broken statement or an
/// unreachable host is reported without delay.
struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    var maxAttempts = 5
    var firstBackoff: Duration = .milliseconds(100)
    var maxBackoff: Duration = .seconds(3)
    /// The longest `Retry-After` honoured; a longer one ends the retries.
    var maxRetryAfter: Duration = .seconds(30)

    /// The wait before the next attempt after `attempt` (1-based) was answered with `status`,
    /// or nil when the answer stands.
    func delay(afterAttempt attempt: Int, status: UInt, retryAfter: String?) -> Duration? {
        guard attempt < maxAttempts else { return nil }
        let announced = retryAfter.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.map { Duration.seconds(max(0, $0)) }
        switch status {
        case 503:
            return announced.map { min($0, maxRetryAfter) } ?? backoff(attempt)
        case 429:
            guard let announced, announced <= maxRetryAfter else { return nil }
            return announced
        default:
            return nil
        }
    }

    /// Doubling from `firstBackoff`, capped, with up to a quarter added at random so that
    /// clients turned away together do not come back together.
    private func backoff(_ attempt: Int) -> Duration {
        let doubled = firstBackoff * (1 << min(attempt - 1, 16))
        let base = min(doubled, maxBackoff)
        return base + base * Double.random(in: 0...0.25)
    }
}
