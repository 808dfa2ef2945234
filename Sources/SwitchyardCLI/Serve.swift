import ArgumentParser
import Foundation
import Hummingbird
import SwitchyardServer

/// Runs the server until SIGINT or SIGTERM, then drains and stops.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the server.",
        discussion: """
            Secrets come from the environment only: SWITCHYARD_ADMIN_TOKEN (otherwise one is \
            generated on first start, printed once and written to <data-dir>/admin-token) and \
            SWITCHYARD_MASTER_KEY, base64 of 32 bytes (otherwise <data-dir>/master.key is used, \
            made on first start).
            """)

    @OptionGroup var options: ServerOptions

    func run() async throws {
        MemoryArenas.limit(to: 2 * max(1, ProcessInfo.processInfo.activeProcessorCount), environment: ProcessInfo.processInfo.environment)
        let configuration = try options.configuration()
        let logger = options.logger(configuration)
        let state: ServerState
        do {
            state = try await ServerState.prepare(configuration, logger: logger)
        } catch let error as ServerState.StartupError {
            throw ValidationError(error.description)
        }
        if let token = state.generatedAdminToken {
            let file = DataDirectory(configuration.dataDirectory).adminToken.path
            // Written straight to the descriptor: stdout may be a file, where print would buffer.
            FileHandle.standardOutput.write(Data("Admin token (shown once; also in \(file)): \(token)\n".utf8))
        }
        do {
            let app = try await buildApplication(configuration, state: state, logger: logger)
            try await app.runService()
        } catch {
            try? await state.close()
            throw error
        }
        try await state.close()
    }
}
