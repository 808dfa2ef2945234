import PostgresNIO
import SwitchyardDrivers

/// A running statement's result. The columns come from the statement's RowDescription, which
/// the server sends before any row, so they are known even for an empty result.
final class PostgresCursor: RowCursor {
    let columns: [ColumnInfo]
    private let stream: RowStream

    init(columns: [ColumnInfo], stream: RowStream) {
        self.columns = columns
        self.stream = stream
    }

    func next() async throws -> [[SQLValue]]? { try await stream.next() }

    func close() async { await stream.close() }
}

/// The rows of one statement, taken from postgres-nio's row sequence in batches. The sequence
/// asks the server for more only as rows are taken (its buffer adapts between 1 and 16384
/// rows), so a result of any size is read in flat memory.
///
/// Stopping early, whether by `close()` or by cancelling the reading task, cancels the
/// statement in the server before the sequence is let go (see `StatementCanceller`): letting
/// go first would return the connection to the pool while the statement still runs on it.
actor RowStream {
    /// Rows per batch, unless the byte budget is reached first.
    static let batchRows = 1000
    /// Raw bytes per batch, so that a batch of wide rows (large bytea or json) stays bounded.
    static let batchBytes = 4 << 20

    private enum State {
        case ready(PostgresRowSequence.AsyncIterator)
        /// A `next()` is waiting on the server; the iterator is with it.
        case reading
        /// The statement failed after the rows already handed out; the next call reports it.
        case failed(any Error)
        case finished
        case closed
    }

    private var state: State
    /// Set by `close()` while a `next()` is reading; that `next()` then ends the cursor.
    private var closeRequested = false
    private let columns: [(kind: ValueKind, oid: UInt32)]
    private let reader: BinaryCellReader
    private let tag: String
    private let canceller: StatementCanceller
    private let errors: ErrorTranslator

    init(
        rows: PostgresRowSequence,
        reader: BinaryCellReader,
        tag: String,
        canceller: StatementCanceller,
        errors: ErrorTranslator
    ) {
        self.state = .ready(rows.makeAsyncIterator())
        self.columns = rows.columns.map { (reader.type($0.dataType.rawValue)?.kind ?? .unsupported, $0.dataType.rawValue) }
        self.reader = reader
        self.tag = tag
        self.canceller = canceller
        self.errors = errors
    }

    func next() async throws -> [[SQLValue]]? {
        let iterator: PostgresRowSequence.AsyncIterator
        switch state {
        case .ready(let ready): iterator = ready
        case .reading: throw DriverError.statementFailed("the cursor is already being read")
        case .failed(let error):
            state = .finished
            throw error
        case .finished, .closed: return nil
        }
        return try await read(from: iterator)
    }

    /// One batch from `iterator`, which is put back for the next call unless the stream ended.
    private func read(from iterator: PostgresRowSequence.AsyncIterator) async throws -> [[SQLValue]]? {
        var iterator = iterator
        state = .reading
        if Task.isCancelled {
            state = .closed
            await canceller.cancel(tag: tag)
            withExtendedLifetime(iterator) {}
            throw CancellationError()
        }
        var batch: [[SQLValue]] = []
        var bytes = 0
        do {
            while batch.count < Self.batchRows, bytes < Self.batchBytes {
                guard let row = try await iterator.next(isolation: self) else {
                    state = closeRequested ? .closed : .finished
                    return batch.isEmpty || closeRequested ? nil : batch
                }
                batch.append(decode(row, bytes: &bytes))
            }
        } catch {
            if closeRequested {
                state = .closed
                return nil
            }
            if Task.isCancelled || error is CancellationError {
                state = .closed
                await canceller.cancel(tag: tag)
                throw CancellationError()
            }
            // Rows that came before the error are still the caller's.
            guard batch.isEmpty else {
                state = .failed(errors.translate(error))
                return batch
            }
            state = .finished
            throw errors.translate(error)
        }
        if closeRequested {
            state = .closed
            return nil
        }
        state = .ready(iterator)
        return batch
    }

    func close() async {
        switch state {
        case .ready(let iterator):
            state = .closed
            await canceller.cancel(tag: tag)
            withExtendedLifetime(iterator) {}
        case .reading:
            closeRequested = true
            await canceller.cancel(tag: tag)
        case .failed, .finished, .closed:
            state = .closed
        }
    }

    private func decode(_ row: PostgresRow, bytes: inout Int) -> [SQLValue] {
        var values: [SQLValue] = []
        values.reserveCapacity(columns.count)
        for (index, cell) in row.enumerated() {
            bytes += cell.bytes?.readableBytes ?? 0
            let column = columns[index]
            values.append(reader.value(cell.bytes, kind: column.kind, oid: column.oid))
        }
        return values
    }
}
