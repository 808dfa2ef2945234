import Hummingbird

/// Counts every request by its route's template, method and status, and times it: an answer
/// of known length when its handler returns, a streamed one (a statement's rows) at its last
/// byte.
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var response = try await next(request, context)
        let (route, method, status) = (context.endpointPath ?? "unmatched", request.method.rawValue, response.status.code)
        guard response.body.contentLength == nil else {
            metrics.request(route: route, method: method, status: status, duration: .now - started)
            return response
        }
        let body = response.body
        response.body = ResponseBody { [metrics] writer in
            defer { metrics.request(route: route, method: method, status: status, duration: .now - started) }
            try await body.write(writer)
        }
        return response
    }
}
