import Synchronization

/// Admits at most `limit` statements at once; the next is refused rather than queued, so a
/// flood of slow queries cannot pile up behind each other.
final class QueryGate: Sendable {
    private let running = Mutex(0)
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Takes a place, or throws `QueryError.tooManyQueries` when none is free; `leave` gives
    /// it back.
    func enter() throws {
        let admitted = running.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
        guard admitted else { throw QueryError.tooManyQueries(limit) }
    }

    func leave() { running.withLock { $0 -= 1 } }
}
