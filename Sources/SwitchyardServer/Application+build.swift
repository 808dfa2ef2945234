import Foundation
import Hummingbird
import Logging
import OpenAPIHummingbird
import SwitchyardAPI
import SwitchyardCatalog
import SwitchyardCore

/// Builds the whole server from its configuration and prepared state. Tests call this too,
/// with a temporary data directory, and talk to the result in process.
public func buildApplication(
    _ configuration: Configuration, state: ServerState, logger: Logger
) throws -> some ApplicationProtocol {
    let workspace = Workspace(catalog: state.catalog, vault: state.vault, isFrozen: configuration.frozen)
    let router = Router()
    router.middlewares.add(RequestLogMiddleware())
    router.middlewares.add(ErrorResponseMiddleware())
    router.middlewares.add(BearerAuthMiddleware(token: state.adminToken, openPaths: ["/api/v0/status", "/healthz"]))
    router.middlewares.add(BodyLimitMiddleware(maxBytes: configuration.maxBodyBytes))
    router.middlewares.add(ETagMiddleware())
    router.get("/healthz") { _, _ in
        _ = try await state.catalog.setting(CatalogSettings.keyCheck)
        return ErrorResponse.json(.ok, message: "serving")
    }
    let api = ControlPlaneAPI(workspace: workspace, isFrozen: configuration.frozen)
    try api.registerHandlers(on: router, serverURL: URL(string: "/api/v0")!)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "switchyard"),
        logger: logger)
}
