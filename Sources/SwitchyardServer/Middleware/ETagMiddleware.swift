import Foundation
import HTTPTypes
import Hummingbird

/// The generated serializer percent-encodes header values, which would turn an entity tag's
/// quotes (`"abc"`, RFC 9110) into `%22abc%22`; this puts them back.
struct ETagMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if let tag = response.headers[.eTag], let decoded = Self.decoded(tag) {
            response.headers[.eTag] = decoded
        }
        return response
    }

    /// Our tags are a revision in quotes; only other text takes Foundation's general decoder.
    static func decoded(_ tag: String) -> String? {
        let quote = "%22"
        guard tag.hasPrefix(quote), tag.hasSuffix(quote), tag.utf8.count >= 6 else { return tag.removingPercentEncoding }
        let inner = tag.dropFirst(3).dropLast(3)
        guard !inner.utf8.contains(UInt8(ascii: "%")) else { return tag.removingPercentEncoding }
        return "\"" + inner + "\""
    }
}
