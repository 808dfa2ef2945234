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

/// Why a statement was stopped by the server rather than by the database.
enum QueryError: Error, Equatable {
    case tooManyRows(Int)
    case tooManyBytes(Int)
    case timedOut
    case tooManyQueries(Int)
    /// The connection's type has no driver in this server.
    case noDriver(String)

    var message: String {
        switch self {
        case .tooManyRows(let limit):
            "the result has more than \(limit) rows; add a LIMIT or stream it with Accept: application/x-ndjson"
        case .tooManyBytes(let limit):
            "the result is larger than \(limit) bytes; add a LIMIT or stream it with Accept: application/x-ndjson"
        case .timedOut: "the statement ran longer than allowed and was cancelled"
        case .tooManyQueries(let limit): "\(limit) statements are already running; try again shortly"
        case .noDriver(let type): "this server has no driver for \(type) connections"
        }
    }
}
