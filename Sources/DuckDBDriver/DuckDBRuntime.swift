import Foundation

/// Where this server's DuckDB lives. DuckDB is not linked: the library is opened at run time, so
/// a server without it still starts and only DuckDB connections report it unavailable.
public struct DuckDBRuntime: Sendable, Equatable {
    /// The shared library exporting DuckDB's C API (a `libduckdb.so`, or the Python wheel's module).
    public var library: String
    /// A library to open first with global symbols, for a DuckDB build that needs it (the Python
    /// wheel's module needs `libpython`); nil for a plain `libduckdb.so`.
    public var preload: String?
    /// Laid out as `DIR/v<version>/<platform>/<name>.duckdb_extension`; extensions are only ever
    /// loaded from here, never downloaded.
    public var extensionDirectory: String?

    public init(library: String, preload: String? = nil, extensionDirectory: String? = nil) {
        self.library = library
        self.preload = preload
        self.extensionDirectory = extensionDirectory
    }

    /// From `SWITCHYARD_DUCKDB_LIBRARY` (required), `SWITCHYARD_DUCKDB_PRELOAD` and
    /// `SWITCHYARD_DUCKDB_EXTENSION_DIR`; nil when no library is configured.
    public static func fromEnvironment(
        _ env: [String: String] = ProcessInfo.processInfo.environment
    ) -> DuckDBRuntime? {
        func value(_ name: String) -> String? {
            guard let text = env[name], !text.isEmpty else { return nil }
            return text
        }
        guard let library = value("SWITCHYARD_DUCKDB_LIBRARY") else { return nil }
        return DuckDBRuntime(
            library: library,
            preload: value("SWITCHYARD_DUCKDB_PRELOAD"),
            extensionDirectory: value("SWITCHYARD_DUCKDB_EXTENSION_DIR"))
    }
}
