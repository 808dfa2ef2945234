import Synchronization
import Foundation
import HTTPTypes
import SwitchyardCore
import Testing

/// A unique string planted in every secret field of every type must never come back: not in
/// any response, not in the logs, not in any byte of the data directory.
@Suite struct SecretCanaryTests {
    @Test func secretsNeverLeave() async throws {
        let canary = "CANARY\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))"
        let logs = LogCapture()
        let server = TestServer(logs: logs)
        defer { server.removeDirectory() }
        let replies = ReplyLog()
        try await server.run { client in
            func record(_ method: HTTPRequest.Method, _ path: String, _ json: String? = nil) async throws {
                replies.add(try await client.send(method, path, json: json))
            }
            try await record(.post, "/api/v0/projects", #"{"name":"p"}"#)
            for type in ConnectionType.allCases {
                let path = "/api/v0/projects/p/connections/\(type.rawValue)"
                try await record(.post, path, Fixtures.body(type, marker: canary))
                try await record(.post, path, Fixtures.body(type, marker: canary))  // 409
                try await record(.get, path)
                try await record(.patch, path, Fixtures.body(type, marker: canary + "2"))
                try await record(.patch, path, Fixtures.seedObject(type, marker: canary + "3"))
                // Refused bodies that carry secrets beside the mistake.
                let broken = Fixtures.json([type.settingsKey: Fixtures.object(type, marker: canary).merging(["typo": canary]) { $1 }])
                try await record(.post, path + "x", broken)
                try await record(.patch, path, broken)
            }
            let secretsInWrongPlaces = [
                #"{"postgresConnection":{"host":"h","databaseName":"d","port":"\#(canary)"}}"#,
                #"{"bigqueryConnection":{"serviceAccountKeyJson":"\#(canary)"}}"#,
                #"{"snowflakeConnection":{"account":"a","username":"u","privateKey":"\#(canary)"}}"#,
                #"{"postgresConnection":{"connectionString":"host=h password='\#(canary)"}}"#,
                #"{"postgresConnection":{"host":"h","databaseName":"d","password":["\#(canary)"]}}"#,
                #"{"postgresConnection":{"host":"h","databaseName":"d","password":"\#(canary)"},"#,
                #"{"mysqlConnection":{"password":"\#(canary)"}}"#,
            ]
            for body in secretsInWrongPlaces { try await record(.post, "/api/v0/projects/p/connections/bad", body) }
            try await record(.get, "/api/v0/projects/p/connections")
            try await record(.get, "/api/v0/projects/p")
            try await record(.get, "/api/v0/projects")
            try await record(.get, "/api/v0/status")
        }
        #expect(replies.count > 60)
        #expect(!replies.text.contains(canary), "a response carried a secret")
        #expect(!logs.text.isEmpty)
        #expect(!logs.text.contains(canary), "a log line carried a secret")
        let raw = try server.rawDataDirectoryBytes()
        #expect(raw.count > 10_000)
        #expect(raw.range(of: Data(canary.utf8)) == nil, "the data directory holds a secret in clear")
        let resolved = try await server.withWorkspace { try await $0.resolvedConfig("snowflake", in: "p") }
        #expect(resolved.secretValues.contains(canary + "3-sfpw"), "the secret was not stored at all")
    }
}

/// Responses collected across a test, headers and bodies.
final class ReplyLog: Sendable {
    private let replies = Mutex<[Reply]>([])

    func add(_ reply: Reply) { replies.withLock { $0.append(reply) } }
    var count: Int { replies.withLock { $0.count } }
    var text: String {
        replies.withLock { $0.map { "\($0.status) \($0.headers) \($0.body)" }.joined(separator: "\n") }
    }
}

/// The same promise across the routes that reach databases, whose errors quote connection
/// strings and user names back.
@Suite struct DataRouteSecretTests {
    @Test func driverErrorsNeverCarrySecrets() async throws {
        let engine = try Engine.postgres()
        let mysql = try Engine.mysql()
        let canary = "CANARY\(UUID().uuidString.prefix(12))"
        let logs = LogCapture()
        let server = TestServer(logs: logs)
        defer { server.removeDirectory() }
        let replies = ReplyLog()
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            let bodies = [
                "pgwrong": Fixtures.json(["postgresConnection": [
                    "host": engine.host, "port": engine.port, "databaseName": engine.database,
                    "userName": engine.user, "password": canary,
                ]]),
                "pgstring": Fixtures.json(["postgresConnection": [
                    "connectionString": "postgresql://\(engine.user):\(canary)@\(engine.host):\(engine.port)/\(engine.database)"
                ]]),
                "mywrong": Fixtures.json(["mysqlConnection": [
                    "host": mysql.host, "port": mysql.port, "database": mysql.database, "user": mysql.user, "password": canary,
                ]]),
                "duckwrong": Fixtures.json(["duckdbConnection": ["attachedDatabases": [[
                    "name": "pg", "type": "postgres",
                    "postgresConnection": [
                        "host": engine.host, "port": engine.port, "databaseName": engine.database,
                        "userName": engine.user, "password": canary,
                    ],
                ]]]]),
            ]
            for (name, body) in bodies.sorted(by: { $0.key < $1.key }) {
                let path = "/api/v0/projects/p/connections/\(name)"
                replies.add(try await client.send(.post, path, json: body))
                replies.add(try await client.send(.post, "\(path)/test"))
                replies.add(try await client.send(.post, "/api/v0/connections/test", json: body))
                replies.add(try await client.query("p", name, "SELECT '\(canary.prefix(3))' AS x"))
                replies.add(try await client.get("\(path)/schemas"))
            }
        }
        #expect(replies.text.contains("failed"))
        #expect(!replies.text.contains(canary), "a response carried a secret")
        #expect(!logs.text.contains(canary), "a log line carried a secret")
    }
}
