import DuckDBDriver
import Foundation
import SwitchyardCore
import SwitchyardDrivers
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An S3 attachment against the test bed's S3 emulator (moto, `scripts/test-emulators`): the
/// sandbox still lets DuckDB reach `s3://` URLs through the attachment's secret, and nothing else.
@Suite("DuckDB object stores", .timeLimit(.minutes(1)))
struct ObjectStoreTests {
    @Test func s3AttachmentReadsAndWritesItsStoreOnly() async throws {
        let emulator = try TestEnvironment.variable("SWITCHYARD_TEST_S3_EMULATOR_URL", set: "scripts/test-emulators env")
        let bucket = "lake-\(UInt32.random(in: 0...UInt32.max))"
        var request = URLRequest(url: URL(string: "\(emulator)/\(bucket)")!)
        request.httpMethod = "PUT"
        let (_, response) = try await URLSession.shared.data(for: request)
        try #require((response as? HTTPURLResponse)?.statusCode == 200)
        let json = """
            {"attachedDatabases": [{"name": "lake", "type": "s3", "s3Connection": {"accessKeyId": "AKIAEXAMPLE", \
            "secretAccessKey": "emulator-secret-key", "endpoint": "\(emulator)"}}]}
            """
        let settings = try JSONDecoder().decode(DuckDBSettings.self, from: Data(json.utf8))
        try await withDriver(settings, secrets: ["emulator-secret-key"]) { driver throws in
            _ = try await rows(driver, "COPY (SELECT 1 AS a, 'x' AS b UNION ALL SELECT 2, 'y') TO 's3://\(bucket)/data/t.csv'")
            #expect(try await rows(driver, "SELECT a, b FROM read_csv('s3://\(bucket)/data/t.csv') ORDER BY a") == [
                [.integer(1), .string("x")], [.integer(2), .string("y")],
            ])
            let local = await failure(driver, "SELECT * FROM read_text('/etc/passwd')")
            #expect(local.map { "\($0)".contains("disabled by configuration") } == true)
            let http = await failure(driver, "SELECT * FROM read_csv('\(emulator)/\(bucket)/data/t.csv')")
            #expect(http.map { "\($0)".contains("disabled by configuration") } == true)
            let secrets = try await rows(driver, "SELECT secret_string FROM duckdb_secrets()")
            #expect(!"\(secrets)".contains("emulator-secret-key"))
        }
    }
}
