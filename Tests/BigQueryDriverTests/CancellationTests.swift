import BigQueryDriver
import Foundation
import SwitchyardDrivers
import Testing

/// A statement stopped early sends `jobs.cancel` for its job. bqemulator finishes a running
/// query before it answers anything else, so the proof is the cancel the proxy recorded, for
/// the job that ran the statement, with the service account's token.
extension EmulatorTests {
    @Suite struct Cancellation {
        /// A query the emulator needs a few seconds for, marked so that its job can be found.
        static func slowStatement(_ marker: String) -> String {
            "SELECT COUNT(*) AS n FROM UNNEST(GENERATE_ARRAY(1, 12000000)) AS x /* \(marker) */"
        }

        @Test func aTimeLimitCancelsTheJob() async throws {
            try await TestBed.with { bed in
                try await bed.resetRecords()
                let marker = "timeout-\(UUID().uuidString)"
                let driver = try bed.driver()
                let started = ContinuousClock.now
                let answer = try await Deadline.run(within: .milliseconds(800)) {
                    try await driver.query(Self.slowStatement(marker)).columns
                }
                #expect(answer == nil)
                // The deadline, then at most 2 s for the cancel's answer, which the emulator
                // gives only once the query has run to its end.
                #expect(ContinuousClock.now - started < .seconds(4))
                try await expectCancelled(marker, bed)
            }
        }

        @Test func cancellingTheReadingTaskCancelsTheJob() async throws {
            try await TestBed.with { bed in
                try await bed.resetRecords()
                let marker = "task-\(UUID().uuidString)"
                let driver = try bed.driver()
                await #expect(throws: CancellationError.self) {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask { _ = try await driver.query(Self.slowStatement(marker)) }
                        let submitted = try await bed.eventually { try await bed.jobID(ofStatementContaining: marker) != nil }
                        #expect(submitted)
                        group.cancelAll()
                        try await group.waitForAll()
                    }
                }
                try await expectCancelled(marker, bed)
            }
        }

        private func expectCancelled(_ marker: String, _ bed: TestBed) async throws {
            let job = try #require(try await bed.jobID(ofStatementContaining: marker))
            let cancelled = try await bed.eventually(within: .seconds(2)) {
                try await bed.apiRequests().contains {
                    $0["method"] as? String == "POST" && ($0["path"] as? String)?.contains("/jobs/\(job)/cancel") == true
                        && ($0["headers"] as? [String: String])?["authorization"]?.hasPrefix("Bearer ya29.emulator-") == true
                }
            }
            #expect(cancelled, "jobs.cancel for \(job)")
        }
    }
}
