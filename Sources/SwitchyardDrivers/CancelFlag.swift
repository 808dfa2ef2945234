import Synchronization

/// Links a task's cancellation with the blocking call the task waits for, which cannot see
/// Swift cancellation itself. The cancellation handler raises the flag (and the first raise
/// while the call runs sends the engine's interrupt); the call checks it before starting, since
/// an interrupt sent before a statement begins is lost; and the call marks itself finished,
/// after which nothing more should be interrupted.
public final class CancelFlag: Sendable {
    private struct State {
        var raised = false
        var running = true
    }

    private let state = Mutex(State())

    public init() {}

    /// Raises the flag. True for the first caller only, and only while the call still runs:
    /// that caller sends the interrupt.
    @discardableResult
    public func raise() -> Bool {
        state.withLock { state in
            guard !state.raised else { return false }
            state.raised = true
            return state.running
        }
    }

    public var isRaised: Bool { state.withLock { $0.raised } }

    /// False once the call has returned.
    public var isRunning: Bool { state.withLock { $0.running } }

    public func finish() { state.withLock { $0.running = false } }
}
