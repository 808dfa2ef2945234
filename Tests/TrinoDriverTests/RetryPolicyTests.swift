import Testing
@testable import TrinoDriver

/// Only the answers Trino's protocol marks as retryable are retried, and never without end.
@Suite struct RetryPolicyTests {
    let policy = RetryPolicy()

    @Test func busyIsRetriedWithGrowingWaitsUpToTheLimit() throws {
        let first = try #require(policy.delay(afterAttempt: 1, status: 503, retryAfter: nil))
        let third = try #require(policy.delay(afterAttempt: 3, status: 503, retryAfter: nil))
        #expect(first >= .milliseconds(100) && first <= .milliseconds(125))
        #expect(third >= .milliseconds(400) && third <= .milliseconds(500))
        #expect(policy.delay(afterAttempt: policy.maxAttempts, status: 503, retryAfter: nil) == nil)
    }

    @Test func tooManyRequestsIsRetriedOnlyWhenTrinoSaysWhen() {
        #expect(policy.delay(afterAttempt: 1, status: 429, retryAfter: "2") == .seconds(2))
        #expect(policy.delay(afterAttempt: 1, status: 429, retryAfter: nil) == nil)
        #expect(policy.delay(afterAttempt: 1, status: 429, retryAfter: "3600") == nil)
    }

    @Test func otherAnswersStand() {
        for status: UInt in [400, 401, 404, 410, 500, 502, 504] {
            #expect(policy.delay(afterAttempt: 1, status: status, retryAfter: "1") == nil)
        }
    }
}
