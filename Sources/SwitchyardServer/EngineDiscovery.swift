import Foundation

/// Finds the engines `scripts/setup-engines` installed, so that the binary alone serves
/// DuckDB without the variables the script writes: it reads `.tools/engines.env` from the
/// first of the given folders (or their parents) that has one. Variables already set win.
public struct EngineDiscovery: Sendable {
    /// Folders to search, nearest first; each one's parents are searched too.
    let roots: [URL]

    public init(roots: [URL]) { self.roots = roots }

    /// The working directory and the folder of the running executable (inside `.build`).
    public static func standard() -> EngineDiscovery {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return EngineDiscovery(roots: [
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
            executable.deletingLastPathComponent(),
        ])
    }

    /// `configuration` with the DuckDB settings it lacks taken from the first engines file found.
    public func filling(_ configuration: Configuration) -> Configuration {
        guard configuration.duckDBLibrary == nil, let values = firstEnginesFile().map(Self.exports) else {
            return configuration
        }
        var filled = configuration
        filled.duckDBLibrary = values[Configuration.Variable.duckDBLibrary.rawValue]
        filled.duckDBPreload = filled.duckDBPreload ?? values[Configuration.Variable.duckDBPreload.rawValue]
        filled.duckDBExtensionDirectory =
            filled.duckDBExtensionDirectory ?? values[Configuration.Variable.duckDBExtensionDirectory.rawValue]
        return filled
    }

    private func firstEnginesFile() -> String? {
        for root in roots {
            var folder = root.standardizedFileURL
            while true {
                let file = folder.appendingPathComponent(".tools/engines.env")
                if let text = try? String(contentsOf: file, encoding: .utf8) { return text }
                let parent = folder.deletingLastPathComponent()
                if parent.path == folder.path { break }
                folder = parent
            }
        }
        return nil
    }

    /// The `export NAME=VALUE` lines of a shell file; values that needed shell quoting are
    /// skipped rather than guessed at.
    static func exports(_ text: String) -> [String: String] {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard line.hasPrefix("export "), let equals = line.firstIndex(of: "=") else { continue }
            let name = line[line.index(line.startIndex, offsetBy: 7)..<equals]
            let value = line[line.index(after: equals)...]
            guard !value.isEmpty, !value.contains(where: { "\\'\"$ ".contains($0) }) else { continue }
            values[String(name)] = String(value)
        }
        return values
    }
}
