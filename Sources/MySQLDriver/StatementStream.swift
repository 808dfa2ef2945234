import SwitchyardDrivers

/// An unbuffered result on its pooled handle, streamed by a `BlockingCursor` in batches of
/// bounded rows and bytes. Interrupting it sends `KILL QUERY`; finishing it returns the
/// handle to the pool clean, or closes it when it can no longer be trusted.
struct StatementStream: CursorStream {
    /// Rows per batch, and the cell bytes after which a batch ends early.
    static let batchRows = 1000
    static let batchBytes = 4 << 20

    let result: UnbufferedResult
    let executor: StatementExecutor

    func fetch() throws -> (rows: [[SQLValue]], isLast: Bool) {
        let rows = try result.fetch(maxRows: Self.batchRows, maxBytes: Self.batchBytes)
        return (rows, result.isAtEnd)
    }

    func interrupt(until flag: CancelFlag) {
        executor.killer.interrupt(threadID: result.connection.threadID, until: flag)
    }

    func finish(_ ending: CursorEnding) {
        switch ending {
        // The server ended the statement (with its last row or an error): nothing is left to read.
        case .exhausted, .failed(is MySQLFailure): executor.finishNow(result)
        // Killed, or the fetch never ran (the threads stopped): do not read on.
        case .interrupted, .failed: executor.abandonNow(result)
        case .closedEarly: executor.stopNow(result)
        }
    }

    func clientError(_ error: any Error) -> any Error {
        (error as? MySQLFailure)?.driverError ?? error
    }
}
