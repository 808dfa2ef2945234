import Synchronization

/// What an engine supplies to stream a result through `BlockingCursor`: its own protocol,
/// nothing of the cursor's lifecycle.
public protocol CursorStream: Sendable {
    /// Blocking: the next rows, and whether they are the last.
    func fetch() throws -> (rows: [[SQLValue]], isLast: Bool)
    /// From any thread: stops the statement whose read raised `flag` (while `flag.isRunning`).
    func interrupt(until flag: CancelFlag)
    /// Blocking, once: frees the result and gives its handle back as `ending` allows.
    func finish(_ ending: CursorEnding)
    /// What a client sees of a failed fetch.
    func clientError(_ error: any Error) -> any Error
}

/// How a stream ended, which decides whether its handle can be reused.
public enum CursorEnding: Sendable {
    /// Every row was read.
    case exhausted
    /// The engine failed the statement, or the fetch could not run.
    case failed(any Error)
    /// A read was interrupted (task cancelled, or closed while reading): the statement may
    /// still run in the engine.
    case interrupted
    /// Closed between reads, before the end: the statement may still have rows to send.
    case closedEarly
}

/// A `RowCursor` over any blocking engine: reads run on the shared executor, cancelling the
/// reading task interrupts the statement, `close()` stops it at any moment, and the stream
/// is finished exactly once, also for a cursor dropped without `close()`.
public final class BlockingCursor<Stream: CursorStream>: RowCursor {
    public let columns: [ColumnInfo]
    private let lifecycle: Mutex<CursorLifecycle<Stream>>
    private let executor: BlockingExecutor

    /// A cursor over `stream`; with none, a result without rows (DDL, DML).
    public init(columns: [ColumnInfo], stream: Stream?, executor: BlockingExecutor) {
        self.columns = columns
        lifecycle = Mutex(CursorLifecycle(stream))
        self.executor = executor
    }

    deinit {
        guard let stream = lifecycle.withLock({ $0.abandoned }) else { return }
        executor.submit { stream.finish(.closedEarly) }
    }

    public func next() async throws -> [[SQLValue]]? {
        guard let read = try lifecycle.withLock({ try $0.beginRead() }) else { return nil }
        let (stream, flag) = read
        let outcome = await executor.run(interruptible: flag, interrupt: { stream.interrupt(until: flag) }) {
            try stream.fetch()
        }
        let interrupted = flag.isRaised
        let more = !interrupted && ((try? outcome.get())?.isLast == false)
        let (open, closeRequested) = lifecycle.withLock { $0.endRead(more: more) }
        if !open {
            let ending: CursorEnding =
                switch outcome {
                case _ where interrupted: .interrupted
                case .failure(let error): .failed(error)
                case .success(let batch): batch.isLast ? .exhausted : .closedEarly
                }
            await executor.cleanUp { stream.finish(ending) }
        }
        if interrupted || closeRequested {
            if closeRequested, !Task.isCancelled { return nil }
            throw CancellationError()
        }
        switch outcome {
        case .success(let batch): return batch.rows.isEmpty && batch.isLast ? nil : batch.rows
        case .failure(let error): throw stream.clientError(error)
        }
    }

    public func close() async {
        switch lifecycle.withLock({ $0.close() }) {
        case .none: return
        case .finish(let stream): await executor.cleanUp { stream.finish(.closedEarly) }
        case .interrupt(let stream, let flag): if flag.raise() { stream.interrupt(until: flag) }
        }
    }
}
