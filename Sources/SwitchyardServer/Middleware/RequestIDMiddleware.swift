import Hummingbird
import HTTPTypes
import Logging
import Synchronization

/// Gives every request an id that its log lines carry (`request_id`) and its response echoes
/// (`X-Request-Id`), so a client's report can be matched to the server's log. A client's own
/// id is kept when it is a plausible one (up to 128 visible ASCII characters); otherwise the
/// server makes one.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    static var header: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    private let ids = RequestIDs()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let id = request.headers[Self.header].flatMap(Self.acceptable) ?? ids.next()
        var context = context
        context.logger[metadataKey: "request_id"] = "\(id)"
        do {
            var response = try await next(request, context)
            response.headers[Self.header] = id
            return response
        } catch var error as HTTPError {
            error.headers[Self.header] = id
            throw error
        }
    }

    static func acceptable(_ value: String) -> String? {
        guard (1...128).contains(value.utf8.count), value.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else { return nil }
        return value
    }
}

/// The ids the server makes: 16 hex digits counting up from a random start, so that they are
/// unique within a server and unlikely to meet another server's, without a random draw (a
/// system call) per request.
final class RequestIDs: Sendable {
    private let count = Atomic<UInt64>(UInt64.random(in: 0...UInt64.max))

    func next() -> String {
        let number = count.add(1, ordering: .relaxed).newValue
        let digits = String(number, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
