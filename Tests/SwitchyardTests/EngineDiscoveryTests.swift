import Foundation
import SwitchyardServer
import TestProcesses
import Testing

/// The binary finds the DuckDB that `scripts/setup-engines` installed without being told,
/// and says plainly when there is none.
@Suite struct EngineDiscoveryTests {
    @Test func readsTheEnginesFileOfTheNearestProjectFolder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("switchyard-discovery-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let nested = root.appendingPathComponent(".build/x86_64-unknown-linux-gnu/release")
        try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent(".tools"), withIntermediateDirectories: true)
        try """
            export SWITCHYARD_DUCKDB_LIBRARY=/opt/duck/lib.so
            export SWITCHYARD_DUCKDB_PRELOAD=$'/odd\\npath'
            export SWITCHYARD_DUCKDB_EXTENSION_DIR=/opt/duck/extensions
            """.write(to: root.appendingPathComponent(".tools/engines.env"), atomically: true, encoding: .utf8)

        let found = EngineDiscovery(roots: [nested]).filling(Configuration())
        #expect(found.duckDBLibrary == "/opt/duck/lib.so")
        #expect(found.duckDBExtensionDirectory == "/opt/duck/extensions")
        #expect(found.duckDBPreload == nil, "a value that needed shell quoting is not guessed at")

        var told = Configuration()
        told.duckDBLibrary = "/elsewhere/duckdb.so"
        #expect(EngineDiscovery(roots: [nested]).filling(told).duckDBLibrary == "/elsewhere/duckdb.so")
        #expect(EngineDiscovery(roots: [URL(fileURLWithPath: "/proc")]).filling(Configuration()).duckDBLibrary == nil)
    }

    @Test func withoutDuckDBTheDefaultConnectionSaysSo() async throws {
        var server = TestServer()
        server.configuration.seedDefaultProject = true
        server.configuration.duckDBLibrary = nil
        defer { server.removeDirectory() }
        try await server.run { client in
            let result = try await client.send(.post, "/api/v0/projects/default/connections/duckdb/test")
            #expect(result.json["status"] as? String == "failed")
            #expect((result.json["errorMessage"] as? String)?.contains("SWITCHYARD_DUCKDB_LIBRARY") == true, "\(result.body)")
        }
        #expect(server.logs.text.contains("no DuckDB library"))
    }

    @Test func theBinaryAloneServesDuckDB() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let binary = root.appendingPathComponent(".build/debug/switchyard")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the switchyard product first")
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("switchyard-bin-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: data) }
        let port = Int.random(in: 20000...29999)
        // Nothing about DuckDB in the environment: the binary must find it by itself.
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SWITCHYARD_") }
        environment["SWITCHYARD_ADMIN_TOKEN"] = TestServer.token
        let process = try ChildProcess(
            binary.path, ["serve", "--port", "\(port)", "--data-dir", data.path], environment: environment,
            directory: FileManager.default.temporaryDirectory.path)

        var answer = ""
        for _ in 0..<100 {
            answer = try await Curl.post(port: port, path: "/api/v0/projects/default/connections/duckdb/sqlQuery", json: #"{"sqlStatement":"SELECT 42 AS answer"}"#)
            if !answer.isEmpty { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        process.kill(SIGTERM)
        _ = await process.wait()
        #expect(answer.contains(#"\"answer\":42"#), "\(answer)")
    }
}
