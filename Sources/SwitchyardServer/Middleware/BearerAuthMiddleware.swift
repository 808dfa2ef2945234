import HTTPTypes
import Hummingbird
import SwitchyardSecrets

/// Lets a request through only with `Authorization: Bearer <admin token>`, except for the
/// routes load balancers and monitors call without credentials; those learn from
/// `Caller.isAuthenticated` whether they may say more than their operational fields.
struct BearerAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: TokenDigest
    let openPaths: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let authenticated = carriesToken(request)
        if !authenticated && !openPaths.contains(request.uri.path) {
            throw HTTPError(
                .unauthorized, headers: [.wwwAuthenticate: "Bearer"],
                message: "a valid Authorization: Bearer token is required")
        }
        return try await Caller.$isAuthenticated.withValue(authenticated) { try await next(request, context) }
    }

    private func carriesToken(_ request: Request) -> Bool {
        guard let header = request.headers[.authorization] else { return false }
        let scheme = "bearer ".utf8
        let utf8 = header.utf8
        guard utf8.count > scheme.count,
            // The scheme's letters in any case (RFC 9110 §11.1), then one space.
            zip(utf8, scheme).allSatisfy({ $1 == UInt8(ascii: " ") ? $0 == $1 : $0 | 0x20 == $1 })
        else { return false }
        return token.matches(header.dropFirst(scheme.count))
    }
}

/// What the handlers know of who is calling.
enum Caller {
    /// Whether the request carried the admin token.
    @TaskLocal static var isAuthenticated = false
}
