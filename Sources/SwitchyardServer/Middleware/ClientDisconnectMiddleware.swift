import Hummingbird
import Synchronization

/// For the routes that run statements: if the client's connection closes while the handler
/// runs, the handler's work is cancelled, which drivers turn into a cancel in the database.
/// Hummingbird sees a closed connection by reading on past the request, which it does here;
/// the price is that the connection is not reused afterwards, so these answers say
/// `Connection: close`.
/// A streamed answer notices a departed client at its next write; what the handler left
/// running for it (cursor, driver lease) is cleaned up through `RequestScope` either way.
struct ClientDisconnectMiddleware<Context: RequestContext>: RouterMiddleware {
    static var statementRoutes: [String] {
        ["/sqlQuery", "/queryData", "/sqlSource", "/sqlTemporaryTable", "/temporaryTable", "/test"]
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard request.method == .post || request.method == .get,
            Self.statementRoutes.contains(where: { path.hasSuffix($0) })
        else {
            return try await next(request, context)
        }
        let scope = RequestScope()
        var response: Response
        do {
            response = try await RequestScope.$current.withValue(scope) {
                try await request.body.consumeWithCancellationOnInboundClose { body in
                    var request = request
                    request.body = body
                    return try await next(request, context)
                }
            }
        } catch {
            await scope.finish()
            throw error
        }
        response.headers[.connection] = "close"
        let body = response.body
        response.body = ResponseBody { writer in
            do {
                try await body.write(writer)
            } catch {
                await scope.finish()
                throw error
            }
            await scope.finish()
        }
        return response
    }
}

/// Clean-up a request registers for after its answer is written (or abandoned).
final class RequestScope: Sendable {
    @TaskLocal static var current: RequestScope?

    private let actions = Mutex<[@Sendable () async -> Void]>([])

    func onFinish(_ action: @escaping @Sendable () async -> Void) {
        actions.withLock { $0.append(action) }
    }

    func finish() async {
        let pending = actions.withLock { actions in
            defer { actions = [] }
            return actions
        }
        for action in pending { await action() }
    }
}
