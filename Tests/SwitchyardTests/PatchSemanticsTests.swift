import Foundation
import SwitchyardCore
import Testing

/// PATCH is a deep merge: omitted keeps, null clears, another type switches.
@Suite struct PatchSemanticsTests {
    let path = "/api/v0/projects/p/connections/c"

    func withConnection(
        _ body: String, _ test: @Sendable (Client) async throws -> Void
    ) async throws -> TestServer {
        let server = TestServer()
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            let created = try await client.send(.post, "/api/v0/projects/p/connections/c", json: body)
            try #require(created.status == .created, "\(created.body)")
            try await test(client)
        }
        return server
    }

    func resolved(_ server: TestServer) async throws -> ConnectionConfig {
        try await server.withWorkspace { try await $0.resolvedConfig("c", in: "p") }
    }

    @Test func omittedPasswordIsKeptAndNullClearsAField() async throws {
        let server = try await withConnection(
            #"{"postgresConnection":{"host":"a","port":5432,"databaseName":"d","userName":"u","password":"pw-1"}}"#
        ) { client in
            let patched = try await client.send(.patch, path, json: #"{"postgresConnection":{"host":"b","port":null}}"#)
            #expect(patched.status == .ok)
            let read = try await client.get(path)
            let settings = try #require(read.json["postgresConnection"] as? [String: Any])
            #expect(settings["host"] as? String == "b")
            #expect(settings["port"] == nil)
            #expect(settings["databaseName"] as? String == "d")
            #expect(read.json["secretsSet"] as? [String] == ["postgresConnection.password"])
        }
        defer { server.removeDirectory() }
        #expect(try await resolved(server) == .postgres(PostgresSettings(host: "b", databaseName: "d", userName: "u", password: "pw-1")))
    }

    @Test func nullClearsASecret() async throws {
        let server = try await withConnection(
            #"{"postgresConnection":{"host":"a","databaseName":"d","password":"pw-1"}}"#
        ) { (client: Client) async throws in
            #expect(try await client.send(.patch, path, json: #"{"postgresConnection":{"password":null}}"#).status == .ok)
            #expect(try await client.get(path).json["secretsSet"] as? [String] == [])
        }
        defer { server.removeDirectory() }
        #expect(try await resolved(server) == .postgres(PostgresSettings(host: "a", databaseName: "d")))
    }

    @Test func anotherTypeSwitchesAndMustBeComplete() async throws {
        let server = try await withConnection(
            #"{"postgresConnection":{"host":"a","databaseName":"d","password":"pw-1"}}"#
        ) { client in
            let incomplete = try await client.send(.patch, path, json: #"{"mysqlConnection":{"port":3306}}"#)
            #expect(incomplete.status == .badRequest)
            #expect(incomplete.message.contains("mysqlConnection.host"))
            let complete = try await client.send(
                .patch, path, json: #"{"mysqlConnection":{"host":"m","user":"u","password":"my-pw"}}"#)
            #expect(complete.status == .ok)
            let read = try await client.get(path)
            #expect(read.json["type"] as? String == "mysql")
            #expect(read.json["postgresConnection"] == nil)
            #expect(read.json["secretsSet"] as? [String] == ["mysqlConnection.password"])
        }
        server.removeDirectory()
    }

    func attached(_ server: TestServer) async throws -> [AttachedDatabase] {
        guard case .duckdb(let settings) = try await resolved(server) else {
            Issue.record("not duckdb")
            return []
        }
        return settings.attachedDatabases ?? []
    }

    @Test func attachedDatabasesSentAreTheNewListMatchedByName() async throws {
        let lake = #"{"name":"lake","type":"s3","s3Connection":{"accessKeyId":"AK","secretAccessKey":"lake-secret"}}"#
        let more = #"{"name":"more","gcsConnection":{"keyId":"K","secret":"S"}}"#
        let server = try await withConnection(#"{"duckdbConnection":{"attachedDatabases":[\#(lake),\#(more)]}}"#) { client in
            let list = #"[{"name":"extra","gcsConnection":{"keyId":"K2","secret":"S2"}},{"name":"lake","s3Connection":{"region":"eu-west-1"}}]"#
            let patched = try await client.send(.patch, path, json: #"{"duckdbConnection":{"attachedDatabases":\#(list)}}"#)
            #expect(patched.status == .ok, "\(patched.body)")
            #expect(try await client.get(path).json["secretsSet"] as? [String] == [
                "duckdbConnection.attachedDatabases[extra].gcsConnection.secret",
                "duckdbConnection.attachedDatabases[lake].s3Connection.secretAccessKey",
            ])
        }
        defer { server.removeDirectory() }
        let attached = try await attached(server)
        #expect(attached.map(\.name) == ["extra", "lake"])
        guard case .s3(let s3) = attached.last?.target else {
            Issue.record("not s3")
            return
        }
        #expect(s3.secretAccessKey == "lake-secret")
        #expect(s3.region == "eu-west-1")
    }

    @Test func attachedDatabaseWhoseTypeObjectIsClearedIsIncomplete() async throws {
        let lake = #"{"name":"lake","type":"s3","s3Connection":{"accessKeyId":"AK","secretAccessKey":"lake-secret"}}"#
        let server = try await withConnection(#"{"duckdbConnection":{"attachedDatabases":[\#(lake)]}}"#) { client in
            let cleared = #"{"duckdbConnection":{"attachedDatabases":[{"name":"lake","s3Connection":null}]}}"#
            let reply = try await client.send(.patch, path, json: cleared)
            #expect(reply.status == .badRequest, "\(reply.body)")
            #expect(reply.message.contains("duckdbConnection.attachedDatabases[0].s3Connection"), "\(reply.message)")
        }
        defer { server.removeDirectory() }
        #expect(try await attached(server).map(\.name) == ["lake"])
    }

    @Test func connectionStringPasswordIsWriteOnlyAndSurvivesAnEcho() async throws {
        let sent = "postgresql://reporter:cs-pw@db:5432/sales?sslmode=require"
        let server = try await withConnection(#"{"postgresConnection":{"connectionString":"\#(sent)"}}"#) { client in
            let read = try await client.get(path)
            let shown = try #require((read.json["postgresConnection"] as? [String: Any])?["connectionString"] as? String)
            #expect(shown == "postgresql://reporter@db:5432/sales?sslmode=require")
            #expect(read.json["secretsSet"] as? [String] == ["postgresConnection.connectionString.password"])
            let echo = Fixtures.json(["postgresConnection": ["connectionString": shown]])
            #expect(try await client.send(.patch, path, json: echo).status == .ok)
        }
        defer { server.removeDirectory() }
        #expect(try await resolved(server) == .postgres(PostgresSettings(connectionString: sent)))
    }

    @Test(arguments: [
        (#"{"name":"other"}"#, "name"),
        (#"{"type":"mysql","postgresConnection":{"host":"x"}}"#, "type"),
        (#"{"postgresConection":{}}"#, "postgresConection"),
        (#"{"postgresConnection":{"host":"x"},"mysqlConnection":{"host":"y"}}"#, "exactly one"),
        (#"{"postgresConnection":null}"#, "postgresConnection"),
        (#"{"postgresConnection":{"port":"5432"}}"#, "postgresConnection.port"),
        (#"{"postgresConnection":{"pasword":"x"}}"#, "postgresConnection.pasword"),
        (#"["not an object"]"#, "body"),
    ])
    func badPatchesAreRefusedByField(body: String, field: String) async throws {
        let server = try await withConnection(#"{"postgresConnection":{"host":"a","databaseName":"d"}}"#) { client in
            let reply = try await client.send(.patch, path, json: body)
            #expect(reply.status == .badRequest, "\(reply.body)")
            #expect(reply.message.contains(field), "\(reply.message)")
        }
        server.removeDirectory()
    }
}
