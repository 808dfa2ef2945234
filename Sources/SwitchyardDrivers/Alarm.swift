// Dispatch's timer sources are thread-safe but not marked Sendable; the one kept here is only
// touched under the lock or handed over once.
@preconcurrency import Dispatch
import Synchronization

/// A wait until a point in time that gives everything back the moment its task is cancelled.
///
/// `Task.sleep` does not: a cancelled sleep throws at once, but its wake-up stays scheduled,
/// holding memory, until the original deadline comes (swiftlang/swift#60441). Racing every
/// statement against a time limit with it kept one such wake-up per statement for the whole
/// limit (five minutes) — and per PostgreSQL statement one for a year — so the server grew
/// with each statement. Here the wait is a Dispatch timer that is cancelled with the task.
public enum Alarm {
    /// Returns at `deadline` (at once if it has passed); throws `CancellationError` as soon as
    /// the calling task is cancelled.
    public static func wait(until deadline: ContinuousClock.Instant) async throws {
        let wait = TimerWait()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                wait.start(continuation, after: ContinuousClock.now.duration(to: deadline))
            }
        } onCancel: {
            wait.end(throwing: CancellationError())
        }
    }
}

/// One wait: the continuation and its timer, ended once by whichever comes first — the timer,
/// or the task's cancellation (which may come before the wait has even started).
private final class TimerWait: Sendable {
    private enum State {
        case idle
        case waiting(CheckedContinuation<Void, any Error>, any DispatchSourceTimer)
        case ended((any Error)?)
    }

    private let state = Mutex(State.idle)

    func start(_ continuation: CheckedContinuation<Void, any Error>, after delay: Duration) {
        // On the plain global queue: a source without a queue runs on an overcommitting one,
        // which starts a thread whenever none is idle (hundreds, under load).
        let timer = DispatchSource.makeTimerSource(queue: .global())
        timer.setEventHandler { self.end(throwing: nil) }
        timer.schedule(deadline: .now() + Self.interval(delay))
        // Activated at once in every case: Dispatch refuses to release a source that never was.
        timer.activate()
        let endedEarly: (any Error)?? = state.withLock { state in
            guard case .ended(let error) = state else {
                state = .waiting(continuation, timer)
                return .none
            }
            return .some(error)
        }
        guard case .some(let error) = endedEarly else { return }
        timer.cancel()
        Self.resume(continuation, throwing: error)
    }

    /// Ends the wait; only the first call counts. Cancelling the timer releases its handler,
    /// and with it this object.
    func end(throwing error: (any Error)?) {
        let waiting: (CheckedContinuation<Void, any Error>, any DispatchSourceTimer)? = state.withLock { state in
            switch state {
            case .idle:
                state = .ended(error)
                return nil
            case .waiting(let continuation, let timer):
                state = .ended(error)
                return (continuation, timer)
            case .ended:
                return nil
            }
        }
        guard let (continuation, timer) = waiting else { return }
        timer.cancel()
        Self.resume(continuation, throwing: error)
    }

    private static func resume(_ continuation: CheckedContinuation<Void, any Error>, throwing error: (any Error)?) {
        if let error { continuation.resume(throwing: error) } else { continuation.resume() }
    }

    /// `delay` for Dispatch, in whole nanoseconds, never negative.
    private static func interval(_ delay: Duration) -> DispatchTimeInterval {
        let (seconds, attoseconds) = max(delay, .zero).components
        let limit = Int64.max / 1_000_000_000 - 1
        return .nanoseconds(Int(min(seconds, limit) * 1_000_000_000 + attoseconds / 1_000_000_000))
    }
}
