import Hummingbird

/// For the routes that reach a database (tests, browsing, statements), chosen by the matched
/// route's template, never by the request's path (a connection may be named `test`): binds
/// the client's presence, so that a statement is cancelled in the database when its client
/// leaves, and a `RequestScope` that frees what a streamed answer holds once it is written or
/// abandoned. Connections stay open for the next request.
struct StatementRouteMiddleware: RouterMiddleware {
    typealias Context = SwitchyardRequestContext

    let presences: ClientPresences

    /// The last literal part of every route template that reaches a database.
    static let statementLeaves: Set<Substring> = [
        "test", "sqlQuery", "queryData", "sqlSource", "sqlTemporaryTable", "temporaryTable", "schemas", "tables",
    ]

    /// Looks only at the template's last two parts, without splitting it: this runs on every
    /// request.
    static func isStatementRoute(_ template: String?) -> Bool {
        guard let template, let slash = template.lastIndex(of: "/") else { return false }
        let last = template[template.index(after: slash)...]
        if statementLeaves.contains(last) { return true }
        // `…/tables/{tablePath}`: one table, read through the driver too.
        return template[..<slash].hasSuffix("/tables")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.isStatementRoute(context.endpointPath) else { return try await next(request, context) }
        let scope = RequestScope()
        var response: Response
        do {
            response = try await ClientPresence.$current.withValue(presences.presence(for: context.channel)) {
                try await RequestScope.$current.withValue(scope) { try await next(request, context) }
            }
        } catch {
            await scope.finish()
            throw error
        }
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
