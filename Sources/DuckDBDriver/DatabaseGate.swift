import Synchronization
import SwitchyardDrivers

/// Opens the database on first use, once, however many callers arrive together: the first
/// opens it, the others wait for its outcome. A failed open is not remembered, so the next
/// caller tries again (a PostgreSQL server may come back).
final class DatabaseGate: Sendable {
    private enum State {
        case idle
        case opening([CheckedContinuation<Role, any Error>])
        case open(DuckDBDatabase)
        case shutDown
    }

    private enum Role: Sendable {
        case ready(DuckDBDatabase)
        case opener
    }

    private let state = Mutex(State.idle)

    private static var shutDownError: DriverError { .unavailable("the DuckDB connection has shut down") }

    /// The open database. `open` runs for the first caller only; `discard` closes a database
    /// that finished opening after `shutDown`.
    func database(
        open: @Sendable () async throws -> DuckDBDatabase, discard: @Sendable (DuckDBDatabase) async -> Void
    ) async throws -> DuckDBDatabase {
        let role: Role = try await withCheckedThrowingContinuation { continuation in
            state.withLock { state in
                switch state {
                case .open(let database): continuation.resume(returning: .ready(database))
                case .shutDown: continuation.resume(throwing: Self.shutDownError)
                case .idle:
                    state = .opening([])
                    continuation.resume(returning: .opener)
                case .opening(let waiters):
                    state = .opening(waiters + [continuation])
                }
            }
        }
        guard case .opener = role else {
            guard case .ready(let database) = role else { throw Self.shutDownError }
            return database
        }
        let outcome: Result<DuckDBDatabase, any Error>
        do {
            outcome = .success(try await open())
        } catch {
            outcome = .failure(error)
        }
        let (waiters, orphan) = state.withLock { state -> ([CheckedContinuation<Role, any Error>], DuckDBDatabase?) in
            guard case .opening(let waiters) = state else {
                // Shut down while opening: what was opened is closed at once.
                return ([], try? outcome.get())
            }
            if case .success(let database) = outcome { state = .open(database) } else { state = .idle }
            return (waiters, nil)
        }
        for waiter in waiters { waiter.resume(with: outcome.map(Role.ready)) }
        if let orphan {
            await discard(orphan)
            throw Self.shutDownError
        }
        return try outcome.get()
    }

    /// The database once it is open, without waiting; nil before that and after shutdown.
    var current: DuckDBDatabase? {
        state.withLock { state in
            guard case .open(let database) = state else { return nil }
            return database
        }
    }

    /// Refuses new callers; returns the open database, if any, for the caller to close.
    func shutDown() -> DuckDBDatabase? {
        state.withLock { state in
            defer { state = .shutDown }
            if case .open(let database) = state { return database }
            return nil
        }
    }
}
