import ArgumentParser
import Foundation
import SwitchyardServer

/// Re-wraps every project's data key under a new master key; run it with the server stopped.
struct RotateKey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate-key",
        abstract: "Re-wrap the data keys under a new master key, without re-encrypting secrets.",
        discussion: """
            The current key is SWITCHYARD_MASTER_KEY or <data-dir>/master.key. The new one is \
            SWITCHYARD_NEW_MASTER_KEY when set, otherwise generated. With a key file, the file \
            is replaced; with a configured key, the new key is printed for you to configure.
            """)

    @OptionGroup var options: ServerOptions

    func run() async throws {
        let configuration = try options.configuration()
        let newKey = ProcessInfo.processInfo.environment["SWITCHYARD_NEW_MASTER_KEY"]
        do {
            if let kept = try await KeyRotation.rotate(configuration, newKey: newKey, logger: options.logger(configuration)) {
                print("New master key (set SWITCHYARD_MASTER_KEY to it): \(kept)")
            } else {
                print("Rotated the master key in \(DataDirectory(configuration.dataDirectory).masterKey.path)")
            }
        } catch let error as ServerState.StartupError {
            throw ValidationError(error.description)
        }
    }
}
