/// Why a statement was stopped by the server rather than by the database.
enum QueryError: Error, Equatable {
    case tooManyRows(Int)
    case tooManyBytes(Int)
    case timedOut
    case tooManyQueries(Int)
    /// The connection's type has no driver in this server.
    case noDriver(String)

    var isNoDriver: Bool {
        if case .noDriver = self { return true }
        return false
    }

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
