import PostgresNIO
import SwitchyardCore
import SwitchyardDrivers

/// Where and how to reach the server, read once from `PostgresSettings`. A connection string's
/// libpq keywords win; the separate fields fill in what it leaves out (a password kept apart
/// from the string, say). Both the pool and the one-off connections (tests, cancel requests)
/// are configured from this one value, so they always reach the same server the same way.
struct PostgresEndpoint: Sendable {
    var host: String
    var port: Int
    var user: String
    var password: String?
    var database: String?
    var tls: TLSMode
    /// libpq's `sslrootcert`: a PEM file of the authorities to trust instead of the system's.
    var rootCertificateFile: String?
    var applicationName: String?

    /// libpq's `sslmode`. `allow` and `prefer` both try TLS and fall back to plain text, as
    /// neither checks the certificate; `require` encrypts without checking it (as libpq does);
    /// `verify-ca` checks the chain, `verify-full` the chain and the host name.
    enum TLSMode: String, Sendable {
        case disable, allow, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    init(settings: PostgresSettings) throws(DriverError) {
        var parameters: [String: String] = [:]
        if let text = settings.connectionString {
            guard let parsed = ConnectionString(text) else {
                throw .connectionFailed("the connection string is neither a postgresql:// URI nor key=value pairs")
            }
            parameters = parsed.parameters.filter { !$0.value.isEmpty }
        }
        // libpq takes a list of hosts and tries them in turn; one server per connection here.
        let hostList = parameters["host"] ?? parameters["hostaddr"] ?? settings.host ?? "localhost"
        host = String(hostList.split(separator: ",").first ?? "localhost")
        if let text = parameters["port"] {
            guard let number = Int(text.split(separator: ",").first ?? ""), (1...65535).contains(number) else {
                throw .connectionFailed("the port \"\(text)\" is not a number from 1 to 65535")
            }
            port = number
        } else {
            port = settings.port ?? 5432
        }
        guard let user = parameters["user"] ?? settings.userName, !user.isEmpty else {
            throw .connectionFailed("no user name: set userName, or user in the connection string")
        }
        self.user = user
        password = parameters["password"] ?? settings.password
        database = parameters["dbname"] ?? settings.databaseName
        let mode = parameters["sslmode"] ?? "prefer"
        guard let tls = TLSMode(rawValue: mode) else {
            throw .connectionFailed("unknown sslmode \"\(mode)\"")
        }
        self.tls = tls
        rootCertificateFile = parameters["sslrootcert"]
        applicationName = parameters["application_name"]
    }

    /// A Unix-domain socket when the host is a directory, as libpq reads it.
    var socketPath: String? {
        host.hasPrefix("/") ? "\(host)/.s.PGSQL.\(port)" : nil
    }

    /// NIOSSL settings for the mode; nil when TLS is off.
    func tlsConfiguration() -> TLSConfiguration? {
        guard tls != .disable else { return nil }
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch tls {
        case .disable, .allow, .prefer, .require:
            // libpq's `require` with a root certificate file checks the chain, like verify-ca.
            configuration.certificateVerification =
                tls == .require && rootCertificateFile != nil ? .noHostnameVerification : .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        if let rootCertificateFile { configuration.trustRoots = .file(rootCertificateFile) }
        return configuration
    }

    /// The pool's configuration: at most `maxConnections`, of which `warmConnections` are
    /// opened when the pool starts and kept open however idle it is.
    func clientConfiguration(connectTimeout: Duration, maxConnections: Int, warmConnections: Int) -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socketPath {
            configuration = .init(unixSocketPath: socketPath, username: user, password: password, database: database)
        } else {
            let tls: PostgresClient.Configuration.TLS =
                switch (self.tls, tlsConfiguration()) {
                case (.disable, _), (_, nil): .disable
                case (.allow, let tls?), (.prefer, let tls?): .prefer(tls)
                case (_, let tls?): .require(tls)
                }
            configuration = .init(
                host: host,
                port: port,
                username: user,
                password: password,
                database: database,
                tls: tls
            )
        }
        configuration.options.connectTimeout = connectTimeout
        configuration.options.maximumConnections = max(1, maxConnections)
        // Above the warm ones, the pool arms an idle timer each time a connection comes back and
        // cancels it when the connection is lent again: a task group of two tasks and a
        // Dispatch timer per statement, some 70 µs of CPU and four thread wake-ups for each
        // `SELECT 1` (bench/small-statements), and each cancelled timer holds its memory until
        // it would have fired (swiftlang/swift#60441). Warm connections have no idle timer.
        configuration.options.minimumConnections = min(max(0, warmConnections), configuration.options.maximumConnections)
        // Short idle timers and no keep-alive pings keep the timers' memory bounded under a
        // steady stream of small statements.
        configuration.options.connectionIdleTimeout = .seconds(10)
        configuration.options.keepAliveBehavior = nil
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    /// A single connection's configuration, for connections made outside the pool.
    func connectionConfiguration(connectTimeout: Duration) throws -> PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socketPath {
            configuration = .init(unixSocketPath: socketPath, username: user, password: password, database: database)
        } else {
            var tls = PostgresConnection.Configuration.TLS.disable
            if let settings = tlsConfiguration() {
                let context = try NIOSSLContext(configuration: settings)
                tls = self.tls == .allow || self.tls == .prefer ? .prefer(context) : .require(context)
            }
            configuration = .init(
                host: host,
                port: port,
                username: user,
                password: password,
                database: database,
                tls: tls
            )
        }
        configuration.options.connectTimeout = TimeAmount(connectTimeout)
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    private var startupParameters: [(String, String)] {
        [("application_name", applicationName ?? "switchyard")]
    }
}
