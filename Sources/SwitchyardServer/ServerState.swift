import Foundation
import Logging
import SwitchyardCatalog
import SwitchyardCore
import SwitchyardSecrets

/// What start-up prepares before the first request: the data directory, the catalog, the
/// master key (checked against the catalog) and the admin token's digest.
public struct ServerState: Sendable {
    public let catalog: SQLiteCatalog
    public let vault: SecretVault
    public let adminToken: TokenDigest
    /// A token generated on this start, to be shown once; nil when one already existed.
    public let generatedAdminToken: String?

    /// A clear reason the server cannot start.
    public struct StartupError: Error, CustomStringConvertible {
        public let description: String
    }

    public static func prepare(_ configuration: Configuration, logger: Logger) async throws -> ServerState {
        let directory = DataDirectory(configuration.dataDirectory)
        try directory.create()
        let catalog = try await SQLiteCatalog.open(path: directory.catalog.path, logger: logger)
        do {
            let master = try await MasterKeyLoader(directory: directory, configured: configuration.masterKey, logger: logger)
                .load(checkingAgainst: catalog)
            let vault = SecretVault(master: master)
            let (digest, generated) = try await adminToken(configuration, catalog: catalog, directory: directory)
            return ServerState(catalog: catalog, vault: vault, adminToken: digest, generatedAdminToken: generated)
        } catch {
            try? await catalog.close()
            throw error
        }
    }

    /// Closes the catalog; the server has stopped.
    public func close() async throws { try await catalog.close() }

    private static func adminToken(
        _ configuration: Configuration, catalog: SQLiteCatalog, directory: DataDirectory
    ) async throws -> (TokenDigest, String?) {
        if let configured = configuration.adminToken { return (TokenDigest(token: configured), nil) }
        if let stored = try await catalog.setting(CatalogSettings.adminTokenDigest) {
            return (TokenDigest(hex: stored), nil)
        }
        let token = TokenDigest.generateToken()
        try KeyFile.write(token, to: directory.adminToken)
        try await catalog.setSetting(CatalogSettings.adminTokenDigest, to: TokenDigest(token: token).hex)
        return (TokenDigest(token: token), token)
    }
}

/// The files the server keeps in its data directory.
public struct DataDirectory: Sendable {
    public let root: URL

    public init(_ path: String) { root = URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL }

    public var catalog: URL { root.appendingPathComponent("catalog.sqlite") }
    public var masterKey: URL { root.appendingPathComponent("master.key") }
    /// Holds the new key while a rotation is under way, so that no crash can lose it.
    public var nextMasterKey: URL { root.appendingPathComponent("master.key.next") }
    public var adminToken: URL { root.appendingPathComponent("admin-token") }

    func create() throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
}
