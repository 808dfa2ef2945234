import NIOCore
import Synchronization
import SwitchyardDrivers

/// One statement on the coordinator, followed `nextUri` by `nextUri` exactly as Trino gives
/// them. Whatever stops the reading — the task is cancelled (time limit, client gone, server
/// stopping), a request fails, or the cursor is closed early — the statement is cancelled
/// on the coordinator with a `DELETE` of the current `nextUri`, and that `DELETE` is awaited
/// before the caller goes on, so nothing is left running behind it.
final class StatementExecution: Sendable {
    private let transport: TrinoTransport
    private let state: Mutex<State>

    private struct State {
        /// Where the statement continues; nil once it has finished, failed or been cancelled.
        var nextURI: String?
        var session: TrinoSession
        var cancelling: EventLoopFuture<Void>?
    }

    private init(transport: TrinoTransport, nextURI: String?, session: TrinoSession) {
        self.transport = transport
        state = Mutex(State(nextURI: nextURI, session: session))
    }

    /// Submits `sql` and returns the statement with the first page (which, on a real
    /// coordinator, usually says only that the statement is queued).
    static func start(
        _ sql: String, transport: TrinoTransport, session: TrinoSession
    ) async throws -> (StatementExecution, StatementPage) {
        let answer = try await transport.post(sql, in: session)
        var session = session
        session.apply(answer.headers)
        let execution = StatementExecution(transport: transport, nextURI: answer.page.nextURI, session: session)
        if let failure = answer.page.failure {
            await execution.close()
            throw failure.driverError(removing: transport.endpoint.secrets)
        }
        return (execution, answer.page)
    }

    /// The next page, or nil when the statement has no more. Throws the statement's own
    /// error, a transport error, or `CancellationError`, each after cancelling it.
    func advance() async throws -> StatementPage? {
        guard let next = state.withLock({ state in state.nextURI.map { ($0, state.session) } }) else {
            return nil
        }
        let (uri, session) = next
        do {
            let answer = try await withTaskCancellationHandler {
                try await transport.get(uri, in: session)
            } onCancel: {
                self.cancel()
            }
            try Task.checkCancellation()
            state.withLock { state in
                guard state.cancelling == nil else { return }
                state.nextURI = answer.page.nextURI
                state.session.apply(answer.headers)
            }
            if let failure = answer.page.failure {
                throw failure.driverError(removing: transport.endpoint.secrets)
            }
            return answer.page
        } catch {
            await close()
            if Task.isCancelled { throw CancellationError() }
            throw error
        }
    }

    /// Cancels the statement unless it has ended, and waits for the coordinator's answer.
    func close() async {
        cancel()
        let pending = state.withLock { $0.cancelling }
        _ = try? await pending?.get()
    }

    /// Sends the `DELETE` once; callable from a cancellation handler (it does not wait).
    private func cancel() {
        state.withLock { state in
            guard state.cancelling == nil, let uri = state.nextURI else { return }
            state.nextURI = nil
            state.cancelling = transport.cancel(uri, in: state.session)
        }
    }
}
