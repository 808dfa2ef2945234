import AsyncHTTPClient
import DuckDBDriver
import Foundation
import Hummingbird
import Logging
import OpenAPIHummingbird
import OpenAPIRuntime
import SwitchyardAPI
import SwitchyardCatalog
import SwitchyardCore
import TrinoDriver

/// Builds the whole server from its configuration and prepared state. Tests call this too,
/// with a temporary data directory, and talk to the result in process.
public func buildApplication(
    _ configuration: Configuration, state: ServerState, logger: Logger
) async throws -> some ApplicationProtocol {
    let workspace = Workspace(catalog: state.catalog, vault: state.vault, isFrozen: configuration.frozen)
    if configuration.seedDefaultProject && !configuration.frozen {
        try await DefaultProject.seedIfNew(workspace, catalog: state.catalog)
    }
    let httpClient = HTTPClient(configuration: HTTPClientDefaults.configuration(), backgroundActivityLogger: logger)
    let factory = DriverFactory(
        duckDB: configuration.duckDBLibrary.map {
            DuckDBRuntime(
                library: $0, preload: configuration.duckDBPreload,
                extensionDirectory: configuration.duckDBExtensionDirectory)
        },
        httpClient: httpClient,
        logger: logger)
    let runner = DriverRunner()
    let registry = DriverRegistry(factory: factory, runner: runner)
    let queries = QueryService(
        workspace: workspace, registry: registry, factory: factory,
        gate: QueryGate(limit: configuration.queryLimits.maxConcurrentQueries), limits: configuration.queryLimits)

    let router = Router()
    router.middlewares.add(RequestLogMiddleware())
    router.middlewares.add(ErrorResponseMiddleware())
    router.middlewares.add(BearerAuthMiddleware(token: state.adminToken, openPaths: ["/api/v0/status", "/healthz"]))
    router.middlewares.add(ClientDisconnectMiddleware())
    router.middlewares.add(BodyLimitMiddleware(maxBytes: configuration.maxBodyBytes))
    router.middlewares.add(ETagMiddleware())
    router.get("/healthz") { _, _ in
        _ = try await state.catalog.setting(CatalogSettings.keyCheck)
        return ErrorResponse.json(.ok, message: "serving")
    }
    let api = APIHandlers(workspace: workspace, queries: queries, isFrozen: configuration.frozen)
    try api.registerHandlers(
        on: router, serverURL: URL(string: "/api/v0")!,
        configuration: .init(jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes]))
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "switchyard"),
        logger: logger)
    // The drivers first (they may still talk to their services), then the HTTP client.
    app.addServices(runner.stopping {
        await registry.shutdownAll()
        try? await httpClient.shutdown()
    })
    return app
}
