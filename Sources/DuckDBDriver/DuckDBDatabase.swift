import CDuckDB
import Synchronization
import SwitchyardDrivers

/// An open in-memory DuckDB database with its setup done: extensions loaded, attachments made,
/// the sandbox locked. Everything here blocks, so it runs on the driver's threads.
final class DuckDBDatabase: Sendable {
    private let handle: Mutex<DuckDBHandle?>
    /// The in-memory database's name (`memory`): its schemas are named without a database prefix.
    let defaultDatabase: String
    /// DuckDB's keywords, which it quotes when naming struct fields inside a type's name.
    let keywords: Set<String>

    private init(handle: DuckDBHandle, defaultDatabase: String, keywords: Set<String>) {
        self.handle = Mutex(handle)
        self.defaultDatabase = defaultDatabase
        self.keywords = keywords
    }

    /// Start-up settings that hold before any SQL runs: nothing is fetched from the network,
    /// nothing is loaded that we did not name (community-signed files only when the plan names
    /// one), and no secret is read from or written to disk.
    static func startupOptions(_ runtime: DuckDBRuntime, plan: SetupPlan) -> [(String, String)] {
        var options = [
            ("autoinstall_known_extensions", "false"),
            ("autoload_known_extensions", "false"),
            ("allow_community_extensions", plan.needsCommunityExtensions ? "true" : "false"),
            ("allow_persistent_secrets", "false"),
        ]
        if let directory = runtime.extensionDirectory { options.append(("extension_directory", directory)) }
        return options
    }

    /// Loads the library (once per process), opens the database and applies `plan`.
    static func open(runtime: DuckDBRuntime, plan: SetupPlan, errors: ErrorMapper) throws -> DuckDBDatabase {
        try loadLibrary(runtime)
        let handle = try openHandle(options: startupOptions(runtime, plan: plan), errors: errors)
        do {
            let setup = try DuckDBConnection(database: handle)
            defer { setup.disconnect() }
            try plan.apply(on: setup, errors: errors)
            let catalog = try setup.rows("SELECT current_database()").first?.first
            let keywords = try setup.rows("SELECT keyword_name FROM duckdb_keywords()").compactMap(\.first)
            guard case .string(let defaultDatabase)? = catalog else {
                throw DriverError.connectionFailed("DuckDB did not report its default catalog")
            }
            return DuckDBDatabase(
                handle: handle, defaultDatabase: defaultDatabase,
                keywords: Set(keywords.compactMap { if case .string(let word) = $0 { word.lowercased() } else { nil } }))
        } catch {
            var pointer: OpaquePointer? = handle.pointer
            cduckdb_close(&pointer)
            if error is DriverError { throw error }
            throw DriverError.connectionFailed(errors.scrub((error as? DuckDBFailure)?.message ?? "\(error)"))
        }
    }

    private static func loadLibrary(_ runtime: DuckDBRuntime) throws {
        var message = [CChar](repeating: 0, count: 1024)
        let status = message.withUnsafeMutableBufferPointer { buffer in
            cduckdb_load(runtime.library, runtime.preload, buffer.baseAddress, buffer.count)
        }
        guard status == 0 else {
            let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw DriverError.unavailable("DuckDB is not available on this server (\(text))")
        }
    }

    private static func openHandle(options: [(String, String)], errors: ErrorMapper) throws -> DuckDBHandle {
        var config: OpaquePointer?
        guard cduckdb_create_config(&config) == DuckDBSuccess, let config else {
            throw DriverError.unavailable("DuckDB could not allocate its configuration")
        }
        defer {
            var owned: OpaquePointer? = config
            cduckdb_destroy_config(&owned)
        }
        for (name, value) in options where cduckdb_set_config(config, name, value) != DuckDBSuccess {
            throw DriverError.unavailable("DuckDB does not accept the setting \(name)")
        }
        var database: OpaquePointer?
        var message: UnsafeMutablePointer<CChar>?
        guard cduckdb_open_ext(nil, &database, config, &message) == DuckDBSuccess, let database else {
            let text = message.map { String(cString: $0) } ?? "unknown error"
            if let message { cduckdb_free(message) }
            throw DriverError.connectionFailed("DuckDB could not open a database: " + errors.scrub(text))
        }
        return DuckDBHandle(pointer: database)
    }

    /// A new connection to this database; fails once the database is closed.
    func connect() throws -> DuckDBConnection {
        guard let handle = handle.withLock({ $0 }) else {
            throw DriverError.unavailable("the DuckDB connection has shut down")
        }
        return try DuckDBConnection(database: handle)
    }

    /// Closes the database. Connections still open keep DuckDB's instance alive until they
    /// disconnect, so this is safe while cursors finish.
    func close() {
        guard let handle = handle.withLock({ value in defer { value = nil }; return value }) else { return }
        var pointer: OpaquePointer? = handle.pointer
        cduckdb_close(&pointer)
    }
}
