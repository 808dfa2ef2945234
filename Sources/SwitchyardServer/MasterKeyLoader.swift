import Foundation
import Logging
import SwitchyardCore
import SwitchyardSecrets

/// Finds the master key (configured, or the data directory's key file, made on first start)
/// and proves it is the one the catalog was written with.
struct MasterKeyLoader {
    let directory: DataDirectory
    let configured: String?
    let logger: Logger

    var isFromFile: Bool { configured == nil }

    func load(checkingAgainst catalog: any CatalogStore) async throws -> MasterKey {
        let key = try currentKey()
        guard let check = try await catalog.setting(CatalogSettings.keyCheck) else {
            try await catalog.setSetting(CatalogSettings.keyCheck, to: try SecretVault(master: key).makeKeyCheck())
            return key
        }
        if SecretVault(master: key).verify(keyCheck: check) { return key }
        if isFromFile, let next = KeyFile.read(directory.nextMasterKey).flatMap(MasterKey.init(base64:)),
            SecretVault(master: next).verify(keyCheck: check)
        {
            // A rotation committed its keys but stopped before replacing the key file.
            try KeyFile.move(directory.nextMasterKey, to: directory.masterKey)
            logger.notice("finished an interrupted master key rotation")
            return next
        }
        throw ServerState.StartupError(
            description: "the master key does not match the catalog in \(directory.root.path); "
                + "start with the key this data directory was written with")
    }

    private func currentKey() throws -> MasterKey {
        if let configured {
            guard let key = MasterKey(base64: configured) else {
                throw ServerState.StartupError(description: "SWITCHYARD_MASTER_KEY must be base64 of 32 bytes")
            }
            return key
        }
        if let text = KeyFile.read(directory.masterKey) {
            guard let key = MasterKey(base64: text) else {
                throw ServerState.StartupError(description: "\(directory.masterKey.path) does not hold base64 of 32 bytes")
            }
            return key
        }
        let key = MasterKey.generate()
        try KeyFile.write(key.base64, to: directory.masterKey)
        logger.notice("generated a master key", metadata: ["file": "\(directory.masterKey.path)"])
        return key
    }
}
