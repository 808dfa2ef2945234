import Synchronization
import SwitchyardDrivers

/// Streams a statement's result one DuckDB data chunk (up to 2,048 rows) per `next()`, so a
/// result of any size is read in flat memory. Cancelling the task in `next()` interrupts the
/// statement in DuckDB; `close()` stops it and returns the connection to the pool.
final class DuckDBCursor: RowCursor {
    private enum State {
        case ready(QueryStream)
        case reading(QueryStream, closeRequested: Bool)
        case done
    }

    let columns: [ColumnInfo]
    private let state: Mutex<State>
    private let work: BlockingWork
    private let errors: ErrorMapper

    init(_ stream: QueryStream, work: BlockingWork, errors: ErrorMapper) {
        columns = stream.columns
        state = Mutex(.ready(stream))
        self.work = work
        self.errors = errors
    }

    deinit {
        // A cursor dropped without `close()` still frees its statement and connection.
        if case .ready(let stream) = state.withLock({ $0 }) { work.cleanupLater { stream.finish() } }
    }

    func next() async throws -> [[SQLValue]]? {
        let claimed = try state.withLock { state -> QueryStream? in
            switch state {
            case .ready(let stream):
                state = .reading(stream, closeRequested: false)
                return stream
            case .reading: throw DriverError.statementFailed("the cursor is already being read")
            case .done: return nil
            }
        }
        guard let stream = claimed else { return nil }
        let outcome: Result<[[SQLValue]]?, any Error>
        do {
            let rows = try await withTaskCancellationHandler {
                try await work.run { try stream.nextBatch() }
            } onCancel: {
                stream.interrupt()
            }
            outcome = .success(rows)
        } catch {
            outcome = .failure(error)
        }
        let (keepOpen, closed) = state.withLock { state -> (Bool, Bool) in
            guard case .reading(_, let closeRequested) = state else { return (false, true) }
            if case .success(.some) = outcome, !closeRequested {
                state = .ready(stream)
                return (true, false)
            }
            state = .done
            return (false, closeRequested)
        }
        if !keepOpen { await work.cleanup { stream.finish() } }
        switch outcome {
        case .success(let rows): return closed ? nil : rows
        case .failure(let error):
            if closed && !Task.isCancelled { return nil }
            throw errors.statement(error, cancelled: Task.isCancelled)
        }
    }

    func close() async {
        let stream = state.withLock { state -> QueryStream? in
            switch state {
            case .ready(let stream):
                state = .done
                return stream
            case .reading(let stream, _):
                // The read in progress sees this, stops, and frees the statement itself.
                state = .reading(stream, closeRequested: true)
                stream.interrupt()
                return nil
            case .done:
                return nil
            }
        }
        if let stream { await work.cleanup { stream.finish() } }
    }
}
