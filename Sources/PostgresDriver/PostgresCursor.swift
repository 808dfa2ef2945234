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
    private enum State {
        case ready(RowReader)
        /// A `next()` is waiting on the server; the reader is with it.
        case reading
        /// The statement failed after the rows already handed out; the next call reports it.
        case failed(any Error)
        case finished
        case closed
    }

    private var state: State
    /// Set by `close()` while a `next()` is reading; that `next()` then ends the cursor.
    private var closeRequested = false
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
        let columns = rows.columns.map { (reader.type($0.dataType.rawValue)?.kind ?? .unsupported, $0.dataType.rawValue) }
        self.state = .ready(RowReader(iterator: rows.makeAsyncIterator(), columns: columns, reader: reader))
        self.tag = tag
        self.canceller = canceller
        self.errors = errors
    }

    func next() async throws -> [[SQLValue]]? {
        let rows: RowReader
        switch state {
        case .ready(let ready): rows = ready
        case .reading: throw DriverError.statementFailed("the cursor is already being read")
        case .failed(let error):
            state = .finished
            throw error
        case .finished, .closed: return nil
        }
        return try await read(rows)
    }

    /// One batch from `rows`, which are put back for the next call unless the stream ended.
    private func read(_ rows: RowReader) async throws -> [[SQLValue]]? {
        state = .reading
        if Task.isCancelled {
            state = .closed
            await canceller.cancel(tag: tag)
            withExtendedLifetime(rows) {}
            throw CancellationError()
        }
        let (rows, outcome) = await rows.batch()
        if closeRequested {
            state = .closed
            return nil
        }
        switch outcome {
        case .more(let batch):
            state = .ready(rows)
            return batch
        case .last(let batch):
            state = .finished
            return batch.isEmpty ? nil : batch
        case .failed(let batch, let error):
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
    }

    func close() async {
        switch state {
        case .ready(let rows):
            state = .closed
            await canceller.cancel(tag: tag)
            withExtendedLifetime(rows) {}
        case .reading:
            closeRequested = true
            await canceller.cancel(tag: tag)
        case .failed, .finished, .closed:
            state = .closed
        }
    }
}

/// Takes rows from postgres-nio's sequence and decodes them, a batch at a time, off the
/// `RowStream` actor: the sequence's `next()` runs on the shared executor, so calling it from
/// the actor would hop there and back for every row. Hopping once a batch instead took a 5M-row
/// stream from 10.8 to 9.7 CPU seconds (bench/stream-query's query, mean of six runs).
///
/// Unchecked `Sendable`: the iterator is not, but it is only ever in one place, either in the
/// stream's `.ready` state or with the one `batch()` call that the stream's `.reading` state
/// waits for; it moves between them and is never shared.
struct RowReader: @unchecked Sendable {
    /// Rows per batch, unless the byte budget is reached first.
    static let batchRows = 1000
    /// Raw bytes per batch, so that a batch of wide rows (large bytea or json) stays bounded.
    static let batchBytes = 4 << 20

    enum Outcome {
        /// A full batch; more may follow.
        case more([[SQLValue]])
        /// The rows before the end of the result.
        case last([[SQLValue]])
        /// The rows before the statement failed, and its error.
        case failed([[SQLValue]], any Error)
    }

    private var iterator: PostgresRowSequence.AsyncIterator
    private let columns: [(kind: ValueKind, oid: UInt32)]
    private let reader: BinaryCellReader

    init(iterator: PostgresRowSequence.AsyncIterator, columns: [(kind: ValueKind, oid: UInt32)], reader: BinaryCellReader) {
        self.iterator = iterator
        self.columns = columns
        self.reader = reader
    }

    @concurrent
    consuming func batch() async -> (RowReader, Outcome) {
        var batch: [[SQLValue]] = []
        var bytes = 0
        do {
            while batch.count < Self.batchRows, bytes < Self.batchBytes {
                guard let row = try await iterator.next() else { return (self, .last(batch)) }
                batch.append(decode(row, bytes: &bytes))
            }
        } catch {
            return (self, .failed(batch, error))
        }
        return (self, .more(batch))
    }

    private func decode(_ row: PostgresRow, bytes: inout Int) -> [SQLValue] {
        var values: [SQLValue] = []
        values.reserveCapacity(columns.count)
        let cells = row.makeRandomAccess()
        for (index, column) in columns.enumerated() {
            let cell = cells[data: index].value
            bytes += cell?.readableBytes ?? 0
            values.append(reader.value(cell, kind: column.kind, oid: column.oid))
        }
        return values
    }
}
