import SwitchyardDrivers
import Synchronization

/// Streams a result batch by batch from its pooled handle. Cancelling the task that waits in
/// `next()` kills the statement; `close()` stops it early. Either way the handle goes back
/// to the pool clean, or is closed.
final class MySQLRowCursor: RowCursor {
    /// Rows per batch, and the cell bytes after which a batch ends early.
    static let batchRows = 1000
    static let batchBytes = 4 << 20

    private enum State {
        /// Between batches: the stream waits for the next `next()`.
        case ready(ResultStream)
        /// A `next()` is reading; its switch lets `close()` interrupt it.
        case fetching(ResultStream, KillSwitch, closeRequested: Bool)
        case done
    }

    let columns: [ColumnInfo]
    private let executor: StatementExecutor
    private let state: Mutex<State>

    init(stream: ResultStream, executor: StatementExecutor) {
        columns = stream.fields.map(\.column)
        self.executor = executor
        state = Mutex(stream.isAtEnd ? .done : .ready(stream))
    }

    /// A statement that returned no result set (DDL, DML): no columns, no rows.
    init(emptyWith executor: StatementExecutor) {
        columns = []
        self.executor = executor
        state = Mutex(.done)
    }

    func next() async throws -> [[SQLValue]]? {
        let executor = executor
        let killSwitch = KillSwitch()
        let claimed = try state.withLock { state -> ResultStream? in
            switch state {
            case .ready(let stream):
                state = .fetching(stream, killSwitch, closeRequested: false)
                return stream
            case .fetching:
                throw DriverError.statementFailed("the result is already being read by another task")
            case .done:
                return nil
            }
        }
        guard let stream = claimed else { return nil }
        let (result, killed) = await executor.interruptible(on: stream.connection, killSwitch: killSwitch) {
            try stream.fetch(maxRows: Self.batchRows, maxBytes: Self.batchBytes)
        }
        let closeRequested = state.withLock { state -> Bool in
            guard case .fetching(_, _, let closeRequested) = state else { return false }
            let more = !killed && !closeRequested && !stream.isAtEnd && (try? result.get()) != nil
            state = more ? .ready(stream) : .done
            return closeRequested
        }
        if killed || closeRequested {
            await executor.runner.cleanUp { executor.abandonNow(stream) }
            if closeRequested, !Task.isCancelled { return nil }
            throw CancellationError()
        }
        switch result {
        case .success(let rows):
            guard stream.isAtEnd else { return rows }
            await executor.runner.cleanUp { executor.finishNow(stream) }
            return rows.isEmpty ? nil : rows
        case .failure(let failure as MySQLFailure):
            // The server ended the statement with an error: nothing is left to read.
            await executor.runner.cleanUp { executor.finishNow(stream) }
            throw failure.driverError
        case .failure(let error):
            // The fetch never ran (the driver shut down): do not read on.
            await executor.runner.cleanUp { executor.abandonNow(stream) }
            throw error
        }
    }

    func close() async {
        let executor = executor
        let pending = state.withLock { state -> ResultStream? in
            switch state {
            case .ready(let stream):
                state = .done
                return stream
            case .fetching(let stream, let killSwitch, _):
                // The reading task waits on the server: kill the statement and let that task
                // clean up when its fetch returns.
                state = .fetching(stream, killSwitch, closeRequested: true)
                if killSwitch.fire() {
                    executor.killer.interrupt(threadID: stream.connection.threadID, until: killSwitch)
                }
                return nil
            case .done:
                return nil
            }
        }
        guard let stream = pending else { return }
        await executor.runner.cleanUp { executor.stopNow(stream) }
    }

    /// A cursor dropped without `close()` still returns its handle: the stop is queued on
    /// the driver's threads, since `deinit` cannot wait.
    deinit {
        guard case .ready(let stream) = state.withLock({ $0 }) else { return }
        let executor = executor
        executor.runner.submit { executor.stopNow(stream) }
    }
}
