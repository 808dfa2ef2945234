import SwitchyardCore
import SwitchyardDrivers

/// What a database said: a refused statement is the client's to fix (400), an unreachable
/// database is a bad gateway (502), a missing engine is not implemented here (501).
extension DriverError: HTTPStatusError {
    public var statusCode: Int {
        switch self {
        case .statementFailed: 400
        case .connectionFailed: 502
        case .unavailable: 501
        case .timedOut: 504
        }
    }

    /// Already scrubbed of the connection's secrets by the driver.
    public var clientMessage: String { message }
}
