import SwitchyardCore

/// A request cancelled while it ran (the server is stopping, or the client went away).
extension CancellationError: HTTPStatusError {
    public var statusCode: Int { 503 }
    public var clientMessage: String { "the request was cancelled" }
}
