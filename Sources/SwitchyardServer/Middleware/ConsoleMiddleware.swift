import Foundation
import Hummingbird
import Logging

/// Serves the web console's files (HTML, CSS, JavaScript modules) at `/`, without a token: the
/// page asks for one and sends it with every API call. API and operational paths never touch
/// the file system.
struct ConsoleMiddleware<Context: RequestContext>: RouterMiddleware {
    private let files: FileMiddleware<Context, LocalFileSystem>

    /// `directory` is the folder served; by default the console built into the server.
    init(directory: String?, logger: Logger) throws {
        guard let root = directory ?? Bundle.module.url(forResource: "Console", withExtension: nil)?.path else {
            throw ConsoleMissing()
        }
        // Revalidated on every load (ETag), so a browser never runs an upgraded server's old script.
        files = FileMiddleware(root, cacheControl: CacheControl([(MediaType(type: .any), [.noCache])]), searchForIndexHtml: true, logger: logger)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard request.method == .get || request.method == .head,
            !path.hasPrefix("/api/"), path != "/healthz", path != "/metrics"
        else {
            return try await next(request, context)
        }
        // FileMiddleware serves a file when what follows it answers 404; here nothing follows
        // but that 404, and a path with no file goes on to the routes (and their token check).
        do {
            return try await files.handle(request, context: context) { _, _ in throw HTTPError(.notFound) }
        } catch let error as HTTPError where error.status == .notFound {
            return try await next(request, context)
        }
    }

    struct ConsoleMissing: Error, CustomStringConvertible {
        var description: String { "the web console's files are missing from this build" }
    }
}
