import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import SwitchyardDrivers

/// A database service reached over the server's one `HTTPClient`: each round trip has its own
/// deadline and a cap on the answer's size, and every transport failure (refused, timed out,
/// TLS, too large) becomes a `DriverError` whose message names the service and holds none of
/// the connection's secrets.
public struct HTTPService: Sendable {
    public let client: HTTPClient
    /// How messages name the service, e.g. `Trino at https://example.com:443`.
    public let name: String
    /// Values cut out of every message.
    public let secrets: [String]
    /// How long one request may take (not a whole statement, which spans many).
    public let requestTimeout: Duration
    /// The largest answer accepted.
    public let maxAnswerBytes: Int

    public init(client: HTTPClient, name: String, secrets: [String], requestTimeout: Duration, maxAnswerBytes: Int) {
        self.client = client
        self.name = name
        self.secrets = secrets
        self.requestTimeout = requestTimeout
        self.maxAnswerBytes = maxAnswerBytes
    }

    /// A whole answer: status, headers and body.
    public struct Answer: Sendable {
        public let status: HTTPResponseStatus
        public let headers: HTTPHeaders
        public let body: ByteBuffer

        /// The body as JSON, or nil when it is not.
        public var json: JSONNode? { try? JSONNodeParser.parse(Array(body.readableBytesView)) }
    }

    /// One round trip. Cancelling the calling task abandons the request and throws
    /// `CancellationError`.
    public func exchange(_ request: HTTPClientRequest) async throws -> Answer {
        do {
            let response = try await client.execute(request, timeout: TimeAmount(requestTimeout))
            let body = try await response.body.collect(upTo: maxAnswerBytes)
            return Answer(status: response.status, headers: response.headers, body: body)
        } catch let error where Task.isCancelled || error is CancellationError {
            throw CancellationError()
        } catch let error as HTTPClientError where error == .deadlineExceeded {
            throw DriverError.connectionFailed("\(name) did not answer within \(requestTimeout)")
        } catch is NIOTooManyBytesError {
            throw DriverError.connectionFailed("an answer from \(name) was larger than \(maxAnswerBytes) bytes")
        } catch {
            let reason = String(String(describing: error).prefix(300))
            throw DriverError.connectionFailed(scrubbed("cannot reach \(name): \(reason)"))
        }
    }

    public func scrubbed(_ message: String) -> String {
        DriverError.scrub(message, removing: secrets)
    }
}

extension TimeAmount {
    /// NIO's form of a `Duration`, to the nanosecond.
    public init(_ duration: Duration) {
        self = .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}
