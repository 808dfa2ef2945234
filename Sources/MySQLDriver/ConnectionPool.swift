import SwitchyardDrivers
import Synchronization

/// A small pool of handles, opened lazily up to `capacity`. A caller that finds none free
/// waits, in order, until one is released or a slot frees; cancelling its task ends the
/// wait. Bookkeeping is synchronous so that cleanup running on a pool thread can return a
/// handle without awaiting; opening, checking and closing handles is the callers' blocking
/// work, done on the driver's threads.
final class ConnectionPool: Sendable {
    /// What a waiter is handed: a ready handle, or the right to open a new one.
    private enum Grant: Sendable {
        case connection(MySQLConnection)
        case slot
    }

    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Grant, any Error>
    }

    private struct State {
        var idle: [MySQLConnection] = []
        var waiters: [Waiter] = []
        /// Handles open or being opened, idle or leased.
        var open = 0
        var nextWaiterID: UInt64 = 0
        var isShutDown = false
    }

    private let capacity: Int
    private let runner: BlockingRunner
    private let endpoint: MySQLEndpoint
    private let state = Mutex(State())
    /// Handles idle longer than this are pinged before reuse (servers drop idle sessions).
    private let pingAfter = Duration.seconds(30)

    init(capacity: Int, endpoint: MySQLEndpoint, runner: BlockingRunner) {
        self.capacity = max(1, capacity)
        self.endpoint = endpoint
        self.runner = runner
    }

    /// A handle for the caller's exclusive use until `release` or `discard`. Throws
    /// `DriverError.connectionFailed` when a new handle cannot connect, `CancellationError`
    /// when the wait is cancelled, `DriverError.unavailable` after shutdown.
    func lease() async throws -> MySQLConnection {
        while true {
            switch try await grant() {
            case .slot:
                let endpoint = endpoint
                do {
                    return try await runner.run { () throws(MySQLFailure) in try MySQLConnection.open(endpoint) }
                } catch let failure as MySQLFailure {
                    discarded()
                    throw DriverError.connectionFailed(failure.message)
                } catch {
                    discarded()
                    throw error
                }
            case .connection(let connection):
                guard ContinuousClock.now - connection.idleSince > pingAfter else { return connection }
                let alive = (try? await runner.run { connection.isAlive() }) ?? false
                if alive { return connection }
                await runner.cleanUp { connection.close() }
                discarded()
            }
        }
    }

    /// Gives a clean handle back. Returns false after shutdown: the caller then closes it.
    func release(_ connection: MySQLConnection) -> Bool {
        connection.idleSince = .now
        let (accepted, waiter) = state.withLock { state -> (Bool, Waiter?) in
            if state.isShutDown {
                state.open -= 1
                return (false, nil)
            }
            if state.waiters.isEmpty {
                state.idle.append(connection)
                return (true, nil)
            }
            return (true, state.waiters.removeFirst())
        }
        waiter?.continuation.resume(returning: .connection(connection))
        return accepted
    }

    /// Records that a leased handle was closed by its holder, freeing its slot.
    func discarded() {
        let waiter = state.withLock { state -> Waiter? in
            state.open -= 1
            guard !state.isShutDown, !state.waiters.isEmpty else { return nil }
            state.open += 1
            return state.waiters.removeFirst()
        }
        waiter?.continuation.resume(returning: .slot)
    }

    /// Refuses new leases, fails every waiter and returns the idle handles for closing.
    /// Leased handles are closed when they come back.
    func shutDown() -> [MySQLConnection] {
        let (idle, waiters) = state.withLock { state in
            state.isShutDown = true
            let taken = (state.idle, state.waiters)
            state.open -= state.idle.count
            state.idle = []
            state.waiters = []
            return taken
        }
        for waiter in waiters { waiter.continuation.resume(throwing: Self.shutDownError) }
        return idle
    }

    private static let shutDownError = DriverError.unavailable("the MySQL driver has been shut down")

    /// An idle handle, a free slot, or a place in the queue.
    private func grant() async throws -> Grant {
        if let immediate = try state.withLock({ try Self.take(&$0, capacity: capacity) }) { return immediate }
        let id = state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let outcome = state.withLock { state -> Result<Grant, any Error>? in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    do {
                        if let grant = try Self.take(&state, capacity: capacity) { return .success(grant) }
                    } catch {
                        return .failure(error)
                    }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Takes what is available without waiting: the most recently used idle handle (so a
    /// caller working alone keeps its session and temporary tables), else a new slot.
    private static func take(_ state: inout State, capacity: Int) throws -> Grant? {
        if state.isShutDown { throw shutDownError }
        if let connection = state.idle.popLast() { return .connection(connection) }
        guard state.open < capacity else { return nil }
        state.open += 1
        return .slot
    }
}
