import SwitchyardDrivers
import Testing

/// The waits behind every statement's time limit: they must end at their deadline, and at
/// once when their task is cancelled (a cancelled `Task.sleep` keeps its wake-up until the
/// deadline, which is why `Alarm` exists).
@Suite struct AlarmTests {
    @Test func waitsUntilTheDeadline() async throws {
        let start = ContinuousClock.now
        try await Alarm.wait(until: start + .milliseconds(150))
        #expect(ContinuousClock.now - start >= .milliseconds(150))
    }

    @Test func aDeadlineThatHasPassedReturnsAtOnce() async throws {
        let start = ContinuousClock.now
        try await Alarm.wait(until: start - .seconds(1))
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test func cancellationEndsAWaitAtOnce() async throws {
        let start = ContinuousClock.now
        let wait = Task { try await Alarm.wait(until: .now + .seconds(3600)) }
        try await Task.sleep(for: .milliseconds(50))
        wait.cancel()
        await #expect(throws: CancellationError.self) { try await wait.value }
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func aTaskCancelledBeforeItWaitsDoesNotWait() async throws {
        let start = ContinuousClock.now
        let wait = Task {
            while !Task.isCancelled { await Task.yield() }
            try await Alarm.wait(until: .now + .seconds(3600))
        }
        wait.cancel()
        await #expect(throws: CancellationError.self) { try await wait.value }
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func deadlineRunGivesTheResultOrNilWhenTimeRunsOut() async throws {
        let quick = try await Deadline.run(within: .seconds(60)) { 42 }
        #expect(quick == 42)
        let start = ContinuousClock.now
        let slow: Int? = try await Deadline.run(within: .milliseconds(100)) {
            try await Task.sleep(for: .seconds(3600))
            return 1
        }
        #expect(slow == nil)
        #expect(ContinuousClock.now - start < .seconds(5))
    }
}
