import SwitchyardCore
import SwitchyardDrivers

/// Where and how to connect, resolved once from the stored settings, plus the secrets to cut
/// out of every message the server or the client library sends back.
struct MySQLEndpoint: Sendable {
    var host: String
    var port: UInt32
    var user: String
    var password: String?
    var database: String?
    /// Seconds to establish a connection (TCP and handshake).
    var connectTimeout: UInt32
    /// Seconds to wait for the server's next packet. Generous, because an analytical
    /// statement may think for a long time before its first row; it exists to notice a peer
    /// that vanished without closing the socket.
    var readTimeout: UInt32 = 3600
    /// Seconds to wait for the server to accept what the client writes.
    var writeTimeout: UInt32 = 600
    var secrets: [String]

    init(settings: MySQLSettings, secrets: [String], connectTimeoutSeconds: Int) {
        host = settings.host ?? "localhost"
        port = UInt32(clamping: settings.port ?? 3306)
        user = settings.user ?? ""
        password = settings.password
        database = settings.database
        connectTimeout = UInt32(clamping: max(1, connectTimeoutSeconds))
        self.secrets = secrets + [settings.password].compactMap { $0 }
    }

    /// `message` with every secret of this connection replaced.
    func scrub(_ message: String) -> String {
        DriverError.scrub(message, removing: secrets)
    }
}

/// An error reported by Connector/C or the server: its code and its (already scrubbed)
/// message. Kept internal so the pool can tell a dead connection from a refused statement
/// before it becomes a `DriverError`.
struct MySQLFailure: Error, Sendable {
    var code: UInt32
    var message: String

    /// Server codes that end the session although they are not client errors.
    private static let sessionEndingServerCodes: Set<UInt32> = [
        1053,  // ER_SERVER_SHUTDOWN
        1152,  // ER_ABORTING_CONNECTION
        1927,  // ER_CONNECTION_KILLED
        4031,  // ER_CLIENT_INTERACTION_TIMEOUT
    ]

    /// True when the handle can no longer be trusted: client-side errors (CR_*, 2000–2999:
    /// lost connection, server gone, commands out of sync) and the server codes that end a
    /// session. Such a handle is closed instead of going back to the pool.
    var isConnectionLevel: Bool {
        (2000..<3000).contains(code) || Self.sessionEndingServerCodes.contains(code)
    }

    /// What the client sees: a lost connection is a connection failure, anything else is the
    /// server refusing the statement.
    var driverError: DriverError {
        isConnectionLevel ? .connectionFailed(message) : .statementFailed(message)
    }
}
