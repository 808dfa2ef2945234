import Foundation
import HTTPTypes
import Hummingbird

/// The generated serializer percent-encodes header values, which would turn an entity tag's
/// quotes (`"abc"`, RFC 9110) into `%22abc%22`; this puts them back.
struct ETagMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if let tag = response.headers[.eTag], let decoded = tag.removingPercentEncoding {
            response.headers[.eTag] = decoded
        }
        return response
    }
}
