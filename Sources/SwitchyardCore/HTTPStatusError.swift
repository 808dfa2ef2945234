/// An error a client is told about: the HTTP status it answers with and a sentence for the
/// client. Each error type states its own status here, so the server maps every such error
/// the same way and needs no list of types; any other error is answered as an internal one,
/// and its description never reaches the client.
public protocol HTTPStatusError: Error {
    /// The HTTP status code, e.g. 404.
    var statusCode: Int { get }
    /// What the client is told: names fields and resources, never secrets or values sent.
    var clientMessage: String { get }
}
