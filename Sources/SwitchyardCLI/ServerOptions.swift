import ArgumentParser
import Foundation
import Logging
import SwitchyardServer

/// Options shared by the commands that open the data directory. A flag wins over its
/// environment variable, which wins over the default.
struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on (SWITCHYARD_HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (SWITCHYARD_PORT; default 4000).")
    var port: Int?

    @Option(name: .customLong("data-dir"), help: "Catalog, key file and admin token (SWITCHYARD_DATA_DIR; default ./switchyard-data).")
    var dataDirectory: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical (SWITCHYARD_LOG_LEVEL; default info).")
    var logLevel: String?

    @Option(name: .customLong("max-body-bytes"), help: "Largest request body accepted (SWITCHYARD_MAX_BODY_BYTES; default 1048576).")
    var maxBodyBytes: Int?

    @Flag(help: "Refuse every change to projects and connections (SWITCHYARD_FROZEN).")
    var frozen = false

    /// The configuration: defaults, then environment (and the engines `scripts/setup-engines`
    /// installed, for what the environment does not name), then these flags. The admin token
    /// (SWITCHYARD_ADMIN_TOKEN) and master key (SWITCHYARD_MASTER_KEY) come from the
    /// environment only, so they never show in a process list.
    func configuration() throws -> Configuration {
        var configuration = EngineDiscovery.standard().filling(
            try Configuration(environment: ProcessInfo.processInfo.environment))
        configuration.host = host ?? configuration.host
        configuration.port = port ?? configuration.port
        configuration.dataDirectory = dataDirectory ?? configuration.dataDirectory
        if let logLevel {
            guard let level = Logger.Level(rawValue: logLevel.lowercased()) else {
                throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
            }
            configuration.logLevel = level
        }
        configuration.maxBodyBytes = maxBodyBytes ?? configuration.maxBodyBytes
        configuration.frozen = frozen || configuration.frozen
        return configuration
    }

    func logger(_ configuration: Configuration) -> Logger {
        var logger =
            switch configuration.logFormat {
            case .text: Logger(label: "switchyard") { TextLogHandler(label: $0) }
            case .json: Logger(label: "switchyard") { JSONLogHandler(label: $0) }
            }
        logger.logLevel = configuration.logLevel
        return logger
    }
}
