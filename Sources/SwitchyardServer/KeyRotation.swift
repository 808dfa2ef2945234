import Foundation
import Logging
import SwitchyardCatalog
import SwitchyardCore
import SwitchyardSecrets

/// Re-wraps every project's data key under a new master key. Secrets themselves are not
/// re-encrypted: they are sealed with the data keys, which do not change.
public enum KeyRotation {
    /// Returns the new key when the caller must keep it (the old one was configured, not a file).
    public static func rotate(_ configuration: Configuration, newKey: String?, logger: Logger) async throws -> String? {
        let directory = DataDirectory(configuration.dataDirectory)
        let loader = MasterKeyLoader(directory: directory, configured: configuration.masterKey, logger: logger)
        let catalog = try await SQLiteCatalog.open(path: directory.catalog.path, logger: logger)
        do {
            let kept = try await rotate(catalog, loader: loader, newKey: newKey, logger: logger)
            try await catalog.close()
            return kept
        } catch {
            try? await catalog.close()
            throw error
        }
    }

    private static func rotate(
        _ catalog: SQLiteCatalog, loader: MasterKeyLoader, newKey: String?, logger: Logger
    ) async throws -> String? {
        let directory = loader.directory
        let old = SecretVault(master: try await loader.load(checkingAgainst: catalog))
        let next: MasterKey
        if let newKey {
            guard let key = MasterKey(base64: newKey) else {
                throw ServerState.StartupError(description: "the new master key must be base64 of 32 bytes")
            }
            next = key
        } else {
            next = MasterKey.generate()
        }
        var wrapped: [String: [UInt8]] = [:]
        for project in try await catalog.projects() {
            wrapped[project.name] = try old.rewrap(project.wrappedKey, under: next)
        }
        if loader.isFromFile { try KeyFile.write(next.base64, to: directory.nextMasterKey) }
        try await catalog.replaceKeys(wrappedKeys: wrapped, keyCheck: try SecretVault(master: next).makeKeyCheck())
        guard loader.isFromFile else { return next.base64 }
        try KeyFile.move(directory.nextMasterKey, to: directory.masterKey)
        logger.notice("rotated the master key", metadata: ["projects": "\(wrapped.count)"])
        return nil
    }
}
