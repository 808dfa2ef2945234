import Foundation
import SwitchyardCore
import Testing

/// Every rule a create is checked against answers 400 naming the field.
@Suite struct ValidationTests {
    static let cases: [(body: String, field: String)] = [
        (#"{}"#, "postgresConnection"),
        (#"{"name":"other","postgresConnection":{"host":"h","databaseName":"d"}}"#, "name"),
        (#"{"postgresConnection":{"host":"h","databaseName":"d"},"mysqlConnection":{"host":"h","user":"u"}}"#, "exactly one"),
        (#"{"postgresConnection":{"host":"h","databaseName":"d","port":0}}"#, "postgresConnection.port"),
        (#"{"postgresConnection":{"host":"h","databaseName":"d","port":65536}}"#, "postgresConnection.port"),
        (#"{"postgresConnection":{"host":"h","databaseName":"d","port":"5432"}}"#, "postgresConnection.port"),
        (#"{"postgresConnection":{"host":5,"databaseName":"d"}}"#, "postgresConnection.host"),
        (#"{"postgresConnection":{"host":"h","databaseName":"d","pasword":"x"}}"#, "postgresConnection.pasword"),
        (#"{"postgresConnection":{"databaseName":"d"}}"#, "postgresConnection.host"),
        (#"{"postgresConnection":{"host":"h"}}"#, "postgresConnection.databaseName"),
        (#"{"postgresConnection":{"connectionString":"not a connection string"}}"#, "postgresConnection.connectionString"),
        (#"{"mysqlConnection":{"user":"u"}}"#, "mysqlConnection.host"),
        (#"{"mysqlConnection":{"host":"h"}}"#, "mysqlConnection.user"),
        (#"{"bigqueryConnection":{"defaultProjectId":"p"}}"#, "bigqueryConnection.serviceAccountKeyJson"),
        (#"{"bigqueryConnection":{"serviceAccountKeyJson":"{not json"}}"#, "bigqueryConnection.serviceAccountKeyJson"),
        (#"{"bigqueryConnection":{"serviceAccountKeyJson":"{\"client_email\":\"a@b\"}"}}"#, "private_key"),
        (#"{"bigqueryConnection":{"serviceAccountKeyJson":"{\"client_email\":\"a@b\",\"private_key\":\"k\"}"}}"#, "bigqueryConnection.serviceAccountKeyJson"),
        (Fixtures.json(["bigqueryConnection": ["serviceAccountKeyJson": Fixtures.serviceAccountKey("v"), "maximumBytesBilled": "lots"]]),
         "bigqueryConnection.maximumBytesBilled"),
        (#"{"bigqueryConnection":{"serviceAccountKeyJson":"{}","maximumBytesBilled":5}}"#, "bigqueryConnection.maximumBytesBilled"),
        (#"{"snowflakeConnection":{"username":"u","password":"p"}}"#, "snowflakeConnection.account"),
        (#"{"snowflakeConnection":{"account":"a","password":"p"}}"#, "snowflakeConnection.username"),
        (#"{"snowflakeConnection":{"account":"a","username":"u"}}"#, "snowflakeConnection.password"),
        (#"{"snowflakeConnection":{"account":"a","username":"u","privateKey":"not pem"}}"#, "snowflakeConnection.privateKey"),
        (#"{"snowflakeConnection":{"account":"a","username":"u","password":"p","responseTimeoutMilliseconds":"1"}}"#, "snowflakeConnection.responseTimeoutMilliseconds"),
        (#"{"motherduckConnection":{"database":"d"}}"#, "motherduckConnection.accessToken"),
        (#"{"trinoConnection":{"user":"u"}}"#, "trinoConnection.server"),
        (#"{"trinoConnection":{"server":"s","user":"u","port":70000}}"#, "trinoConnection.port"),
        (#"{"duckdbConnection":{"attachedDatabases":[{"name":"1bad","gcsConnection":{"keyId":"k","secret":"s"}}]}}"#, "duckdbConnection.attachedDatabases[0].name"),
        (#"{"duckdbConnection":{"attachedDatabases":[{"name":"a","gcsConnection":{"keyId":"k","secret":"s"}},{"name":"a","gcsConnection":{"keyId":"k","secret":"s"}}]}}"#, "duckdbConnection.attachedDatabases[1].name"),
        (#"{"duckdbConnection":{"attachedDatabases":[{"name":"a","gcsConnection":{"keyId":"k","secret":"s"},"s3Connection":{}}]}}"#, "duckdbConnection.attachedDatabases[0].type"),
        (#"{"duckdbConnection":{"attachedDatabases":[{"name":"a","type":"s3","gcsConnection":{"keyId":"k","secret":"s"}}]}}"#, "duckdbConnection.attachedDatabases[0].s3Connection"),
        (#"{"duckdbConnection":{"attachedDatabases":[{"name":"a","gcsConnection":{"keyId":"k"}}]}}"#, "duckdbConnection.attachedDatabases[0].gcsConnection.secret"),
        (#"{"duckdbConnection":{"attachedDatabases":[{"name":"a","s3Connection":{"accessKeyId":"k"}}]}}"#, "duckdbConnection.attachedDatabases[0].s3Connection.secretAccessKey"),
        (#"{"duckdbConnection":{"attachedDatabases":[{"name":"a","s3Connection":{"acessKeyId":"k"}}]}}"#, "duckdbConnection.attachedDatabases[0].s3Connection.acessKeyId"),
        (#"{"duckdbConnection":{"attachedDatabases":[{"name":"a","type":"ftp"}]}}"#, "duckdbConnection.attachedDatabases[0].ftpConnection"),
        (#"{"unknownMember":1,"postgresConnection":{"host":"h","databaseName":"d"}}"#, "unknownMember"),
        (#"{"postgresConnection":"#, "body"),
    ]

    @Test(arguments: cases)
    func createIsRefusedNamingTheField(body: String, field: String) async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            let reply = try await client.send(.post, "/api/v0/projects/p/connections/c", json: body)
            #expect(reply.status == .badRequest, "\(reply.body)")
            #expect(reply.message.contains(field), "\(reply.message)")
            #expect(reply.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect(try await client.get("/api/v0/projects/p/connections/c").status == .notFound)
        }
    }

    @Test func namesAreEnforced() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.run { client in
            #expect(try await client.send(.post, "/api/v0/projects", json: #"{"name":"bad name"}"#).status == .badRequest)
            #expect(try await client.send(.post, "/api/v0/projects", json: #"{"readme":"x"}"#).status == .badRequest)
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"ok_name-1"}"#)
            let reply = try await client.send(
                .post, "/api/v0/projects/ok_name-1/connections/bad.name", json: Fixtures.body(.mysql))
            #expect(reply.status == .badRequest)
            #expect(reply.message.contains("name"))
        }
    }

    @Test func statusCodesForMissingDuplicateAndMalformedRequests() async throws {
        let server = TestServer(maxBodyBytes: 2048)
        defer { server.removeDirectory() }
        try await server.run { client in
            #expect(try await client.get("/api/v0/projects/nope").status == .notFound)
            #expect(try await client.get("/api/v0/projects/nope/connections").status == .notFound)
            #expect(try await client.send(.post, "/api/v0/projects/nope/connections/c", json: Fixtures.body(.mysql)).status == .notFound)
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            #expect(try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#).status == .conflict)
            #expect(try await client.get("/api/v0/projects/p/connections/nope").status == .notFound)
            #expect(try await client.send(.patch, "/api/v0/projects/p/connections/nope", json: "{}").status == .notFound)
            #expect(try await client.send(.delete, "/api/v0/projects/p/connections/nope").status == .notFound)
            #expect(try await client.send(.post, "/api/v0/projects/p/connections/c", json: Fixtures.body(.mysql)).status == .created)
            #expect(try await client.send(.post, "/api/v0/projects/p/connections/c", json: Fixtures.body(.mysql)).status == .conflict)

            let plain = try await client.send(.post, "/api/v0/projects/p/connections/d", json: Fixtures.body(.mysql), contentType: "text/plain")
            #expect(plain.status == .unsupportedMediaType)
            let large = Fixtures.json(["postgresConnection": ["host": String(repeating: "h", count: 4096), "databaseName": "d"]])
            let tooLarge = try await client.send(.post, "/api/v0/projects/p/connections/d", json: large)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.message.contains("2048"))
            #expect(try await client.get("/api/v0/no/such/route").status == .notFound)
        }
    }
}
