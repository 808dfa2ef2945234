import HTTPDriverKit
import SwitchyardDrivers

/// The `error` object of a failed statement. Trino classifies each error: `USER_ERROR` is the
/// statement's fault (syntax, missing table, permission) and reaches the client as a 400 with
/// Trino's message; the others (internal, external, insufficient resources) are the server's.
struct TrinoFailure: Sendable, Equatable {
    let message: String
    let errorName: String?
    let errorType: String?

    init(_ node: JSONNode) {
        message = node["message"]?.string ?? "the statement failed"
        errorName = node["errorName"]?.string
        errorType = node["errorType"]?.string
    }

    /// The failure as a driver error, with the connection's secrets cut out of the message.
    func driverError(removing secrets: [String]) -> DriverError {
        let text = DriverError.scrub(message, removing: secrets)
        if errorType == "USER_ERROR" || errorType == nil { return .statementFailed(text) }
        return .connectionFailed("Trino could not run the statement (\(errorName ?? errorType ?? "error")): \(text)")
    }
}
