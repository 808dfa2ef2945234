import Foundation
import SnowflakeDriver
import SwitchyardDrivers
import Testing

/// A statement stopped early sends `abort-request` naming its request. fakesnow answers at
/// once and ignores aborts, so the proxy holds the statement back to let the time run out,
/// and the proof is the abort it recorded.
extension EmulatorTests {
    @Suite struct Cancellation {
        @Test func aTimeLimitAbortsTheStatement() async throws {
            try await TestBed.with { bed in
                let driver = try bed.driver()
                try await driver.test()
                try await bed.reset()
                try await bed.delayNext("/queries/v1/query-request", seconds: 5)
                let started = ContinuousClock.now
                let answer = try await Deadline.run(within: .milliseconds(800)) { try await driver.query("SELECT 1 AS ONE").columns }
                #expect(answer == nil)
                #expect(ContinuousClock.now - started < .seconds(4))
                let statement = try #require(try await bed.requests("/queries/v1/query-request").first)
                let requestID = try #require((statement["path"] as? String)?.split(separator: "=").last.map(String.init))
                var aborted = false
                for _ in 0..<40 where !aborted {
                    aborted = try await bed.requests("/queries/v1/abort-request").contains {
                        (try? TestBed.body($0)["requestId"] as? String) == requestID
                    }
                    if !aborted { try await Task.sleep(for: .milliseconds(50)) }
                }
                #expect(aborted, "abort-request for \(requestID)")
            }
        }
    }
}
