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
import SwitchyardDrivers
import HTTPDriverKit
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
    if configuration.duckDBLibrary == nil {
        logger.warning(
            "no DuckDB library: duckdb connections will answer that this server has no driver for them; run scripts/setup-engines or set SWITCHYARD_DUCKDB_LIBRARY")
    }
    // Blocking drivers share these threads: as many as queries may run at once.
    let threads = BlockingExecutor(threads: configuration.queryLimits.maxConcurrentQueries)
    // Engines reached over HTTP share one client.
    let httpClient = HTTPClient(configuration: HTTPClientDefaults.configuration(), backgroundActivityLogger: logger)
    let factory = DriverFactory(
        duckDB: configuration.duckDBLibrary.map {
            DuckDBRuntime(
                library: $0, preload: configuration.duckDBPreload,
                extensionDirectory: configuration.duckDBExtensionDirectory)
        },
        threads: threads, httpClient: httpClient, logger: logger,
        postgresWarmConnections: configuration.postgresWarmConnections,
        temporaryTableLifetime: configuration.temporaryTableLifetime,
        bigQueryURL: configuration.bigQueryURL, bigQueryPageRows: configuration.bigQueryPageRows,
        snowflakeURL: configuration.snowflakeURL, gcsURL: configuration.gcsURL)
    let runner = DriverRunner()
    let registry = DriverRegistry(runner: runner, idleLimit: configuration.driverIdleLimit, makeDriver: factory.makeDriver)
    let metrics = ServerMetrics()
    let queries = QueryService(
        workspace: workspace, registry: registry, factory: factory,
        gate: QueryGate(limit: configuration.queryLimits.maxConcurrentQueries), limits: configuration.queryLimits,
        metrics: metrics)

    let presences = ClientPresences()
    let router = Router(context: SwitchyardRequestContext.self)
    var openPaths = ContractRoutes.paths.union(["/api/v0/status", "/healthz"])
    if configuration.metricsOpen { openPaths.insert("/metrics") }
    do {
        router.middlewares.add(RequestIDMiddleware())
        router.middlewares.add(RequestLogMiddleware())
        router.middlewares.add(RequestMetricsMiddleware(metrics: metrics))
        router.middlewares.add(ErrorResponseMiddleware())
        router.middlewares.add(try ConsoleMiddleware(directory: configuration.consoleDirectory, logger: logger))
        router.middlewares.add(BearerAuthMiddleware(token: state.adminToken, openPaths: openPaths))
        router.middlewares.add(ConnectionAnswerCache(catalog: state.catalog))
        router.middlewares.add(StatementRouteMiddleware(presences: presences))
        router.middlewares.add(BodyLimitMiddleware(maxBytes: configuration.maxBodyBytes))
        router.middlewares.add(ETagMiddleware())
        router.get("/healthz") { _, _ in
            _ = try await state.catalog.setting(CatalogSettings.keyCheck)
            return Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"message":"serving"}"#)))
        }
        router.get("/metrics") { _, _ in
            metrics.driversOpen(await registry.openDriversByType())
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: metrics.exposition()))
        }
        try ContractRoutes().register(on: router)
        let api = APIHandlers(workspace: workspace, queries: queries, metrics: metrics, isFrozen: configuration.frozen)
        try api.registerHandlers(
            on: router, serverURL: URL(string: "/api/v0")!,
            configuration: .init(jsonEncodingOptions: [.withoutEscapingSlashes]))
    } catch {
        // Nothing runs yet: what was made for the drivers is given back here.
        await threads.shutdown()
        try? await httpClient.shutdown()
        throw error
    }
    var app = Application(
        router: router,
        server: .http1(configuration: .init(additionalChannelHandlers: [presences.makeHandler()])),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "switchyard"),
        logger: logger)
    let sweep = max(.seconds(1), min(configuration.driverIdleLimit / 4, .seconds(30)))
    // The drivers first (they may still use the threads and talk to their services).
    app.addServices(
        runner
            .stopping {
                await registry.shutdownAll()
                await threads.shutdown()
                try? await httpClient.shutdown()
            }
            .maintaining(every: sweep) { await registry.closeIdle() })
    return app
}
