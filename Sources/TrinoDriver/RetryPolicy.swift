import Foundation
import HTTPDriverKit

/// When a request may be sent again. Trino's protocol allows it only for answers that say
/// the coordinator did not take the request: 503 (busy or starting), and 429 when it says in
/// `Retry-After` how long to wait. Everything else fails at once, so a broken statement or an
/// unreachable host is reported without delay.
struct RetryPolicy: Sendable {
    var backoff = Backoff()
    /// The longest `Retry-After` honoured; a longer one ends the retries.
    var maxRetryAfter: Duration = .seconds(30)

    /// Attempts in all, the first included.
    var maxAttempts: Int { backoff.maxAttempts }

    /// The wait before the next attempt after `attempt` (1-based) was answered with `status`,
    /// or nil when the answer stands.
    func delay(afterAttempt attempt: Int, status: UInt, retryAfter: String?) -> Duration? {
        guard attempt < maxAttempts else { return nil }
        let announced = retryAfter.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.map { Duration.seconds(max(0, $0)) }
        switch status {
        case 503:
            return announced.map { min($0, maxRetryAfter) } ?? backoff.delay(afterAttempt: attempt)
        case 429:
            guard let announced, announced <= maxRetryAfter else { return nil }
            return announced
        default:
            return nil
        }
    }
}
