import DuckDBDriver
import Foundation
import SwitchyardCore
import SwitchyardDrivers
import TestProcesses
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An S3 attachment against a local S3 emulator (PyPI's `moto[server]`): the sandbox still lets
/// DuckDB reach `s3://` URLs through the attachment's secret, and nothing else.
@Suite("DuckDB object stores", .timeLimit(.minutes(1)))
struct ObjectStoreTests {
    @Test func s3AttachmentReadsAndWritesItsStoreOnly() async throws {
        let emulator = try S3Emulator()
        defer { emulator.stop() }
        try await emulator.createBucket("lake")
        let json = """
            {"attachedDatabases": [{"name": "lake", "type": "s3", "s3Connection": {"accessKeyId": "AKIAEXAMPLE", \
            "secretAccessKey": "emulator-secret-key", "endpoint": "http://127.0.0.1:\(emulator.port)"}}]}
            """
        let settings = try JSONDecoder().decode(DuckDBSettings.self, from: Data(json.utf8))
        try await withDriver(settings, secrets: ["emulator-secret-key"]) { driver throws in
            _ = try await rows(driver, "COPY (SELECT 1 AS a, 'x' AS b UNION ALL SELECT 2, 'y') TO 's3://lake/data/t.csv'")
            #expect(try await rows(driver, "SELECT a, b FROM read_csv('s3://lake/data/t.csv') ORDER BY a") == [
                [.integer(1), .string("x")], [.integer(2), .string("y")],
            ])
            let local = await failure(driver, "SELECT * FROM read_text('/etc/passwd')")
            #expect(local.map { "\($0)".contains("disabled by configuration") } == true)
            let http = await failure(driver, "SELECT * FROM read_csv('http://127.0.0.1:\(emulator.port)/lake/data/t.csv')")
            #expect(http.map { "\($0)".contains("disabled by configuration") } == true)
            let secrets = try await rows(driver, "SELECT secret_string FROM duckdb_secrets()")
            #expect(!"\(secrets)".contains("emulator-secret-key"))
        }
    }
}

/// `moto_server` on a free loopback port, for one test.
struct S3Emulator {
    let port: Int
    private let process: ChildProcess

    init() throws {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .map { "\($0)/moto_server" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let path else {
            throw TestEnvironment.Missing(description: "moto_server is not on PATH: pip install 'moto[server]'")
        }
        port = Int.random(in: 40000..<60000)
        process = try ChildProcess(path, ["-H", "127.0.0.1", "-p", String(port)])
    }

    /// SIGKILL: the emulator's HTTP server does not always stop on SIGTERM. Its own thread
    /// reaps it.
    func stop() {
        process.kill(SIGKILL)
    }

    /// Creates a bucket, waiting for the emulator to come up first.
    func createBucket(_ name: String) async throws {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/\(name)")!)
        request.httpMethod = "PUT"
        for _ in 0..<100 {
            if let (_, response) = try? await URLSession.shared.data(for: request),
                (response as? HTTPURLResponse)?.statusCode == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw TestEnvironment.Missing(description: "moto_server did not start on port \(port)")
    }
}
