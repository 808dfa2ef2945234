import SwitchyardDrivers

/// Runs statements on pooled handles: leases a handle, runs the blocking work on the
/// driver's threads, turns task cancellation into `KILL QUERY`, and returns the handle to
/// the pool clean, or closes it when it can no longer be trusted.
struct StatementExecutor: Sendable {
    let threads: BlockingExecutor
    let pool: HandlePool<MySQLConnection>
    let killer: QueryKiller

    /// Runs `body` against `connection` on a pool thread. If the calling task is cancelled
    /// meanwhile, the statement is killed from another connection; `killed` then tells the
    /// caller to close the handle rather than reuse it.
    func interruptible<T: Sendable>(
        on connection: MySQLConnection,
        cancel: CancelFlag = CancelFlag(),
        _ body: @escaping @Sendable () throws -> T
    ) async -> (result: Result<T, any Error>, killed: Bool) {
        let threadID = connection.threadID
        let killer = killer
        let result = await threads.run(interruptible: cancel, interrupt: { killer.interrupt(threadID: threadID, until: cancel) }, body)
        return (result, cancel.isRaised)
    }

    /// Leases a handle and runs `body` on it. On success the handle stays leased and is
    /// returned with the value: the caller gives it back. On failure it is given back here
    /// and the error becomes a `DriverError` (or `CancellationError`). `abandon` frees a
    /// value that was produced after all by a statement whose task was cancelled.
    func leased<T: Sendable>(
        _ body: @escaping @Sendable (MySQLConnection) throws -> T,
        abandon: @escaping @Sendable (T) -> Void = { _ in }
    ) async throws -> (MySQLConnection, T) {
        try Task.checkCancellation()
        let connection = try await pool.lease()
        if Task.isCancelled {  // cancelled just as a handle was handed over
            await giveBack(connection, reusable: true)
            throw CancellationError()
        }
        let (result, killed) = await interruptible(on: connection) { try body(connection) }
        if killed {
            let killer = killer
            let pool = pool
            await threads.cleanUp {
                killer.settle(threadID: connection.threadID)
                if case .success(let value) = result { abandon(value) }
                pool.discardNow(connection)
            }
            throw CancellationError()
        }
        switch result {
        case .success(let value):
            return (connection, value)
        case .failure(let failure as MySQLFailure):
            await giveBack(connection, reusable: !failure.isConnectionLevel)
            throw failure.driverError
        case .failure(let error):
            await giveBack(connection, reusable: false)
            throw error
        }
    }

    /// Leases a handle, runs `body` and gives the handle back: for statements whose whole
    /// result is read inside `body`.
    func withConnection<T: Sendable>(_ body: @escaping @Sendable (MySQLConnection) throws -> T) async throws -> T {
        let (connection, value) = try await leased(body)
        await giveBack(connection, reusable: true)
        return value
    }

    /// Returns a clean handle to the pool; closes it when it is not reusable or the pool
    /// has shut down.
    func giveBack(_ connection: MySQLConnection, reusable: Bool) async {
        await pool.release(connection, reusable: reusable)
    }

    /// The blocking form of `giveBack`, for work already on a pool thread.
    func giveBackNow(_ connection: MySQLConnection, reusable: Bool) {
        pool.releaseNow(connection, reusable: reusable)
    }

    /// Ends a stream that was not read to the end: kills its statement (so the rest need not
    /// be read), drains and frees the result and returns the handle. If the kill cannot be
    /// sent, the handle is closed instead of reading on. Blocking.
    func stopNow(_ stream: UnbufferedResult) {
        guard !stream.isAtEnd else { return finishNow(stream) }
        guard killer.killNow(threadID: stream.connection.threadID) else {
            stream.abandon()
            return giveBackNow(stream.connection, reusable: false)
        }
        finishNow(stream)
    }

    /// Frees a stream's result and returns its handle, or closes it if the connection broke.
    /// Blocking.
    func finishNow(_ stream: UnbufferedResult) {
        let reusable = (try? stream.finish()) != nil
        giveBackNow(stream.connection, reusable: reusable)
    }

    /// Drops a stream whose statement was interrupted and closes its handle without reading
    /// on. Blocking.
    func abandonNow(_ stream: UnbufferedResult) {
        killer.settle(threadID: stream.connection.threadID)
        stream.abandon()
        giveBackNow(stream.connection, reusable: false)
    }
}
