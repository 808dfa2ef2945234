import Synchronization
import SwitchyardDrivers

/// Up to `limit` connections to one database, opened when first needed and then reused. When
/// all are in use a borrower waits, first come first served, until one is returned or its own
/// task is cancelled. `release` does the blocking part (disconnecting) in place, so it is only
/// called from the driver's threads.
final class ConnectionPool: Sendable {
    /// What a waiting borrower is given: a connection, or the right to open a new one.
    private enum Grant: Sendable {
        case connection(DuckDBConnection)
        case slot
    }

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Grant, any Error>
    }

    private struct State {
        var idle: [DuckDBConnection] = []
        var leased: [ObjectIdentifier: DuckDBConnection] = [:]
        var open = 0
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
        var closed = false
    }

    private let state = Mutex(State())
    private let limit: Int

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    private static var closedError: DriverError { .unavailable("the DuckDB connection has shut down") }

    /// A connection for the caller alone until it calls `release`. `connect` opens a new one
    /// when the pool has room and none is idle.
    func lease(connect: @Sendable () async throws -> DuckDBConnection) async throws -> DuckDBConnection {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        let grant: Grant = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                state.withLock { state in
                    if state.closed { return continuation.resume(throwing: Self.closedError) }
                    // Checked under the lock that the cancellation handler also takes, so a
                    // waiter is never registered after its handler has already run.
                    if Task.isCancelled { return continuation.resume(throwing: CancellationError()) }
                    if let connection = state.idle.popLast() {
                        state.leased[ObjectIdentifier(connection)] = connection
                        continuation.resume(returning: .connection(connection))
                    } else if state.open < limit {
                        state.open += 1
                        continuation.resume(returning: .slot)
                    } else {
                        state.waiters.append(Waiter(id: id, continuation: continuation))
                    }
                }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                state.waiters.firstIndex { $0.id == id }.map { state.waiters.remove(at: $0) }
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
        switch grant {
        case .connection(let connection):
            return connection
        case .slot:
            let connection: DuckDBConnection
            do {
                connection = try await connect()
            } catch {
                giveBackSlot()
                throw error
            }
            let accepted = state.withLock { state in
                guard !state.closed else { return false }
                state.leased[ObjectIdentifier(connection)] = connection
                return true
            }
            guard accepted else {
                connection.disconnect()
                giveBackSlot()
                throw Self.closedError
            }
            return connection
        }
    }

    /// Returns a leased connection. One whose session may have been changed (`reusable` false)
    /// is disconnected instead, and its place offered to the next waiter.
    func release(_ connection: DuckDBConnection, reusable: Bool) {
        let (waiter, keep) = state.withLock { state -> (Waiter?, Bool) in
            state.leased[ObjectIdentifier(connection)] = nil
            let waiter = state.closed || state.waiters.isEmpty ? nil : state.waiters.removeFirst()
            if reusable, !state.closed {
                if waiter != nil { state.leased[ObjectIdentifier(connection)] = connection } else { state.idle.append(connection) }
                return (waiter, true)
            }
            if waiter == nil { state.open -= 1 }
            return (waiter, false)
        }
        if !keep { connection.disconnect() }
        waiter?.continuation.resume(returning: keep ? .connection(connection) : .slot)
    }

    /// Stops lending: waiters fail, and the caller gets the idle connections to disconnect and
    /// the leased ones to interrupt (they are disconnected when returned).
    func close() -> (idle: [DuckDBConnection], leased: [DuckDBConnection]) {
        let (idle, leased, waiters) = state.withLock { state in
            state.closed = true
            defer {
                state.open -= state.idle.count
                state.idle = []
                state.waiters = []
            }
            return (state.idle, Array(state.leased.values), state.waiters)
        }
        for waiter in waiters { waiter.continuation.resume(throwing: Self.closedError) }
        return (idle, leased)
    }

    private func giveBackSlot() {
        let waiter = state.withLock { state -> Waiter? in
            guard !state.closed, !state.waiters.isEmpty else {
                state.open -= 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.continuation.resume(returning: .slot)
    }
}
