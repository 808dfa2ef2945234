import HTTPTypes
import Hummingbird
import SwitchyardSecrets

/// Lets a request through only with `Authorization: Bearer <admin token>`, except for the
/// routes load balancers and monitors call without credentials.
struct BearerAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: TokenDigest
    let openPaths: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if openPaths.contains(request.uri.path) { return try await next(request, context) }
        guard let header = request.headers[.authorization], header.count > 7,
            header.prefix(7).lowercased() == "bearer ", token.matches(String(header.dropFirst(7)))
        else {
            throw HTTPError(
                .unauthorized, headers: [.wwwAuthenticate: "Bearer"],
                message: "a valid Authorization: Bearer token is required")
        }
        return try await next(request, context)
    }
}
