import Foundation
import SwitchyardCore
import SwitchyardServer
import Testing

/// What is written survives concurrency, restarts and key rotation.
@Suite struct DurabilityTests {
    /// Each PATCH names all fifty attached databases (which keeps them) and changes the region
    /// of its own one.
    @Test func fiftyConcurrentPatchesOfDifferentFieldsAllSurvive() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        let path = "/api/v0/projects/p/connections/lake"
        let indices = 0..<50
        let created = Fixtures.json(["duckdbConnection": ["attachedDatabases": indices.map { index in
            ["name": "db\(index)", "type": "s3", "s3Connection": ["accessKeyId": "key\(index)", "secretAccessKey": "secret\(index)"]]
        }]])
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            let reply = try await client.send(.post, path, json: created)
            try #require(reply.status == .created, "\(reply.body)")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in indices {
                    let list: [[String: Any]] = indices.map {
                        $0 == index ? ["name": "db\($0)", "s3Connection": ["region": "region\($0)"]] : ["name": "db\($0)"]
                    }
                    let body = Fixtures.json(["duckdbConnection": ["attachedDatabases": list]])
                    group.addTask {
                        let reply = try await client.send(.patch, path, json: body)
                        #expect(reply.status == .ok, "\(reply.body)")
                    }
                }
                try await group.waitForAll()
            }
        }
        let config = try await server.withWorkspace { try await $0.resolvedConfig("lake", in: "p") }
        guard case .duckdb(let settings) = config else {
            Issue.record("not duckdb")
            return
        }
        let stores = (settings.attachedDatabases ?? []).compactMap { attached -> (String, S3Settings)? in
            if case .s3(let s3) = attached.target { (attached.name, s3) } else { nil }
        }
        #expect(stores.map(\.0) == indices.map { "db\($0)" })
        for (index, (_, s3)) in stores.enumerated() {
            #expect(s3.secretAccessKey == "secret\(index)" && s3.region == "region\(index)")
        }
    }

    @Test func concurrentPatchesOfEveryFieldOfOneObjectAllSurvive() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        let fields: [(String, Any)] = [
            ("account", "acct"), ("username", "user"), ("password", "pw"), ("warehouse", "wh"), ("database", "db"),
            ("schema", "sc"), ("role", "ro"), ("responseTimeoutMilliseconds", 1234), ("privateKeyPass", "pass"),
        ]
        let bodies = fields.map { Fixtures.json(["snowflakeConnection": [$0.0: $0.1]]) }
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            try await client.send(
                .post, "/api/v0/projects/p/connections/sf",
                json: #"{"snowflakeConnection":{"account":"a","username":"u","password":"p"}}"#)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for body in bodies {
                    group.addTask { () async throws in
                        #expect(try await client.send(.patch, "/api/v0/projects/p/connections/sf", json: body).status == .ok)
                    }
                }
                try await group.waitForAll()
            }
        }
        let config = try await server.withWorkspace { try await $0.resolvedConfig("sf", in: "p") }
        guard case .snowflake(let settings) = config else {
            Issue.record("not snowflake")
            return
        }
        #expect(settings.account == "acct" && settings.username == "user" && settings.password == "pw")
        #expect(settings.warehouse == "wh" && settings.database == "db" && settings.schema == "sc")
        #expect(settings.role == "ro" && settings.responseTimeoutMilliseconds == 1234 && settings.privateKeyPass == "pass")
    }

    /// Creates one connection of every type and returns what each should resolve to.
    static func populate(_ server: TestServer) async throws -> [String: ConnectionConfig] {
        var expected: [String: ConnectionConfig] = [:]
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p","readme":"kept"}"#)
            for type in ConnectionType.allCases {
                let body = Fixtures.body(type, marker: "durable")
                let reply = try await client.send(.post, "/api/v0/projects/p/connections/\(type.rawValue)", json: body)
                try #require(reply.status == .created)
            }
        }
        for type in ConnectionType.allCases {
            expected[type.rawValue] = try JSONDecoder().decode(
                ConnectionConfig.self, from: Data(Fixtures.body(type, marker: "durable").utf8))
        }
        return expected
    }

    static func resolveAll(_ server: TestServer) async throws -> [String: ConnectionConfig] {
        try await server.withWorkspace { workspace in
            var resolved: [String: ConnectionConfig] = [:]
            for connection in try await workspace.connections(in: "p") {
                resolved[connection.name] = try await workspace.resolvedConfig(connection.name, in: "p")
            }
            return resolved
        }
    }

    @Test func restartKeepsEverything() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        let expected = try await Self.populate(server)
        let restarted = TestServer(directory: server.directory)
        try await restarted.run { (client: Client) async throws in
            #expect(try await client.get("/api/v0/projects/p").json["readme"] as? String == "kept")
            #expect(try await client.get("/api/v0/projects/p/connections").jsonArray.count == ConnectionType.allCases.count)
        }
        #expect(try await Self.resolveAll(restarted) == expected)
    }

    @Test func rotateKeyKeepsEverythingAndRetiresTheOldKey() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        let expected = try await Self.populate(server)
        let keyFile = server.directory.appendingPathComponent("master.key")
        let oldKey = try String(contentsOf: keyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)

        let kept = try await KeyRotation.rotate(server.configuration, newKey: nil, logger: server.logger)
        #expect(kept == nil)
        let newKey = try String(contentsOf: keyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(newKey != oldKey)
        #expect(try await Self.resolveAll(server) == expected)

        var oldKeyServer = TestServer(directory: server.directory)
        oldKeyServer.configuration.masterKey = oldKey
        let withOldKey = oldKeyServer
        await #expect(throws: ServerState.StartupError.self) { try await withOldKey.run { _ in } }

        // With a configured key, the new key is handed back and the old one stops working.
        var configured = TestServer(directory: server.directory)
        configured.configuration.masterKey = newKey
        let third = try #require(try await KeyRotation.rotate(configured.configuration, newKey: nil, logger: server.logger))
        let retired = configured
        await #expect(throws: ServerState.StartupError.self) { try await retired.run { _ in } }
        configured.configuration.masterKey = third
        #expect(try await Self.resolveAll(configured) == expected)
    }

    @Test func startingWithTheWrongKeyIsAClearError() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        _ = try await Self.populate(server)
        var wrongKey = TestServer(directory: server.directory)
        wrongKey.configuration.masterKey = Data(repeating: 7, count: 32).base64EncodedString()
        let wrong = wrongKey
        let error = await #expect(throws: ServerState.StartupError.self) { try await wrong.run { _ in } }
        #expect(error?.description.contains("master key does not match") == true)
        var malformedKey = TestServer(directory: server.directory)
        malformedKey.configuration.masterKey = "too-short"
        let malformed = malformedKey
        await #expect(throws: ServerState.StartupError.self) { try await malformed.run { _ in } }
    }

    @Test func keyAndTokenFilesAreOwnerOnly() async throws {
        var server = TestServer()
        server.configuration.adminToken = nil
        defer { server.removeDirectory() }
        try await server.run { _ in }
        for name in ["master.key", "admin-token"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: server.directory.appendingPathComponent(name).path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(name)")
        }
        let token = try String(contentsOf: server.directory.appendingPathComponent("admin-token"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try await server.run { (client: Client) async throws in
            #expect(try await client.send(.get, "/api/v0/projects", token: token).status == .ok)
            #expect(try await client.send(.get, "/api/v0/projects", token: TestServer.token).status == .unauthorized)
        }
        for file in ["catalog.sqlite", "catalog.sqlite-wal"] {
            let bytes = FileManager.default.contents(atPath: server.directory.appendingPathComponent(file).path) ?? Data()
            #expect(bytes.range(of: Data(token.utf8)) == nil, "\(file) holds the token itself")
        }
    }
}
