import Foundation

/// A DuckDB extension directory of one test's own: the configured directory's extensions linked
/// in (`SWITCHYARD_DUCKDB_EXTENSION_DIR`, laid out as `v<version>/<platform>/`), plus files the
/// test adds, so that a test can install a broken extension without touching other tests.
public struct ExtensionDirectory: Sendable {
    public let root: URL
    private let platform: URL

    public init(mirroring source: String? = ProcessInfo.processInfo.environment["SWITCHYARD_DUCKDB_EXTENSION_DIR"]) throws {
        let files = FileManager.default
        guard let source,
            let version = try files.contentsOfDirectory(atPath: source).first(where: { $0.hasPrefix("v") }),
            let platform = try files.contentsOfDirectory(atPath: "\(source)/\(version)").first
        else {
            throw MissingExtensionDirectory()
        }
        root = files.temporaryDirectory.appendingPathComponent("switchyard-extensions-\(UUID().uuidString)")
        self.platform = root.appendingPathComponent("\(version)/\(platform)")
        try files.createDirectory(at: self.platform, withIntermediateDirectories: true)
        for name in try files.contentsOfDirectory(atPath: "\(source)/\(version)/\(platform)") {
            try files.createSymbolicLink(
                atPath: self.platform.appendingPathComponent(name).path, withDestinationPath: "\(source)/\(version)/\(platform)/\(name)")
        }
    }

    /// Puts a file beside the extensions, e.g. `bigquery.duckdb_extension`.
    public func add(_ name: String, _ contents: Data) throws {
        try contents.write(to: platform.appendingPathComponent(name))
    }

    public func remove() {
        try? FileManager.default.removeItem(at: root)
    }

    struct MissingExtensionDirectory: Error, CustomStringConvertible {
        var description: String { "SWITCHYARD_DUCKDB_EXTENSION_DIR must name DuckDB's extension directory: source .tools/engines.env" }
    }
}
