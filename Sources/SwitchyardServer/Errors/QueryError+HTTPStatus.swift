import SwitchyardCore

/// A statement the server stopped: too large an answer is 413, too slow 504, too many at
/// once 503, a type without a driver 501.
extension QueryError: HTTPStatusError {
    var statusCode: Int {
        switch self {
        case .tooManyRows, .tooManyBytes: 413
        case .timedOut: 504
        case .tooManyQueries: 503
        case .noDriver: 501
        }
    }

    var clientMessage: String { message }
}
