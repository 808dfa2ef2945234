import Foundation
import TestProcesses
import Testing

/// The `switchyard` binary's client commands against a live server, as a script would use them:
/// the token from the environment, bodies and secrets from files and standard input, answers on
/// standard output, the server's message on standard error with a non-zero exit.
@Suite struct CommandLineClientTests {
    struct Run {
        let status: Int32?
        let output: String
        let errors: String
    }

    private var binary: String {
        get throws {
            let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            let binary = root.appendingPathComponent(".build/debug/switchyard").path
            try #require(FileManager.default.isExecutableFile(atPath: binary), "build the switchyard product first")
            return binary
        }
    }

    private func environment(port: Int, token: String = TestServer.token) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SWITCHYARD_") }
        environment["SWITCHYARD_URL"] = "http://127.0.0.1:\(port)"
        environment["SWITCHYARD_TOKEN"] = token
        return environment
    }

    /// Runs the built binary with `arguments`, standard input from `input`.
    private func switchyard(_ arguments: [String], port: Int, input: String? = nil, token: String = TestServer.token) async throws -> Run {
        let binary = try binary
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("switchyard-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let (stdin, stdout, stderr) = ["in", "out", "err"].map { scratch.appendingPathComponent($0).path }.splat
        try Data((input ?? "").utf8).write(to: URL(fileURLWithPath: stdin))
        let process = try ChildProcess(
            binary, arguments, input: stdin, output: stdout, errors: stderr, environment: environment(port: port, token: token))
        _ = await process.wait()
        let read = { (path: String) in String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) }
        return Run(status: process.exitCode, output: read(stdout), errors: read(stderr))
    }

    @Test func projectsConnectionsAndQueriesFromTheCommandLine() async throws {
        try await TestServer().withPostgresProject(live: true) { client, engine in
            let port = try #require(client.client.port)
            #expect(try await switchyard(["projects", "create", "cli"], port: port).status == 0)
            let listed = try await switchyard(["projects", "list"], port: port)
            #expect(listed.status == 0)
            #expect(listed.output.contains(#""name" : "cli""#), "\(listed.output)")

            // The body from standard input, without the password; the password from a second run's
            // standard input through --secret, never on the command line.
            let body = Fixtures.json(["postgresConnection": [
                "host": engine.host, "port": engine.port, "databaseName": engine.database, "userName": engine.user,
            ]])
            let created = try await switchyard(["connections", "create", "cli", "pg", "--body", "-"], port: port, input: body)
            #expect(created.status == 0, "\(created.errors)")
            let bodyFile = FileManager.default.temporaryDirectory.appendingPathComponent("switchyard-cli-body-\(UUID().uuidString).json")
            defer { try? FileManager.default.removeItem(at: bodyFile) }
            try Data("{}".utf8).write(to: bodyFile)
            let patched = try await switchyard(
                ["connections", "patch", "cli", "pg", "--body", bodyFile.path, "--secret", "postgresConnection.password"], port: port,
                input: engine.password + "\n")
            #expect(patched.status == 0, "\(patched.errors)")
            #expect(!patched.output.contains(engine.password))
            let shown = try await switchyard(["connections", "get", "cli", "pg"], port: port)
            #expect(shown.output.contains("password"), "secretsSet names it: \(shown.output)")
            #expect(!shown.output.contains(engine.password))
            #expect(try await switchyard(["connections", "test", "cli", "pg"], port: port).status == 0)

            let sql = "SELECT g AS n, 'row, \"' || g || '\"' AS label, NULL AS nothing FROM generate_series(1, 3) g"
            let csv = try await switchyard(["query", "cli", "pg", sql, "--format", "csv"], port: port)
            #expect(csv.output == "n,label,nothing\r\n1,\"row, \"\"1\"\"\",\r\n2,\"row, \"\"2\"\"\",\r\n3,\"row, \"\"3\"\"\",\r\n", "\(csv.output)")
            let ndjson = try await switchyard(["query", "cli", "pg", sql, "--format", "ndjson"], port: port)
            #expect(ndjson.output.split(separator: "\n").first == #"{"n":1,"label":"row, \"1\"","nothing":null}"#)
            let json = try await switchyard(["query", "cli", "pg", sql, "--format", "json"], port: port)
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]])
            #expect(rows.map { $0["n"] as? Int } == [1, 2, 3])
            let table = try await switchyard(["query", "cli", "pg", "SELECT 42 AS answer, 'forty-two' AS words"], port: port)
            #expect(table.output == "answer | words    \n-------+----------\n42     | forty-two\n(1 row)\n", "\(table.output)")

            // The server's own words, on standard error, and a failing exit.
            let failed = try await switchyard(["query", "cli", "pg", "SELECT * FROM no_such_table"], port: port)
            #expect(failed.status != 0)
            #expect(failed.errors.contains("no_such_table"), "\(failed.errors)")
            #expect(failed.output.isEmpty)
            let missing = try await switchyard(["connections", "get", "cli", "nope"], port: port)
            #expect(missing.status != 0)
            #expect(missing.errors.contains("HTTP 404"), "\(missing.errors)")
            let refused = try await switchyard(["projects", "list"], port: port, token: "wrong")
            #expect(refused.status != 0)
            #expect(refused.errors.contains("HTTP 401"))

            #expect(try await switchyard(["connections", "delete", "cli", "pg"], port: port).status == 0)
            #expect(try await switchyard(["projects", "delete", "cli"], port: port).status == 0)
            let completion = try await switchyard(["--generate-completion-script", "bash"], port: port)
            #expect(completion.output.contains("connections"))
        }
    }
}

extension CommandLineClientTests {
    /// Ctrl-C (SIGINT) ends a running `query`, and the statement stops in the database.
    @Test func anInterruptedQueryIsCancelledInTheDatabase() async throws {
        try await TestServer().withPostgresProject(live: true) { client, engine in
            let port = try #require(client.client.port)
            let marker = "pg_sleep(31.\(Int.random(in: 100...999)))"
            let process = try ChildProcess(try binary, ["query", "p", "pg", "SELECT \(marker)"], environment: environment(port: port))
            let running = "SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%\(marker)%' AND query NOT LIKE '%pg_stat_activity%'"
            #expect(try await poll(for: .seconds(10), until: 1) { try await engine.postgresCount(running) } == 1)
            process.kill(SIGINT)
            _ = await process.wait()
            #expect(try await poll(for: .seconds(3), until: 0) { try await engine.postgresCount(running) } == 0)
        }
    }
}

extension Array {
    /// The first three elements as a tuple.
    fileprivate var splat: (Element, Element, Element) { (self[0], self[1], self[2]) }
}
