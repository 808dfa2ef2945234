import Foundation
import SwitchyardCore
import Testing

/// Each connection type through create, read, update and delete over HTTP.
@Suite struct ConnectionLifecycleTests {
    /// A change to a non-secret field of each type, and where to read it back.
    static func edit(for type: ConnectionType) -> (body: [String: Any], path: [String], value: String) {
        switch type {
        case .postgres: (["port": 6543], ["port"], "6543")
        case .mysql: (["port": 3307], ["port"], "3307")
        case .bigquery: (["location": "US"], ["location"], "US")
        case .snowflake: (["warehouse": "BIG_WH"], ["warehouse"], "BIG_WH")
        case .motherduck: (["database": "other_db"], ["database"], "other_db")
        case .trino: (["catalog": "iceberg"], ["catalog"], "iceberg")
        case .duckdb:
            // The list sent is the new list: every attached database is named to keep it.
            (["attachedDatabases": [
                ["name": "warehouse"], ["name": "lake", "s3Connection": ["region": "us-west-2"]], ["name": "gcs_bucket"],
                ["name": "bq"], ["name": "sf"],
            ]], ["attachedDatabases", "1", "s3Connection", "region"], "us-west-2")
        }
    }

    static func value(at path: [String], in object: Any?) -> String? {
        var current = object
        for key in path {
            if let index = Int(key), let array = current as? [Any] {
                current = array.indices.contains(index) ? array[index] : nil
            } else {
                current = (current as? [String: Any])?[key]
            }
        }
        return current.map { "\($0)" }
    }

    @Test(arguments: ConnectionType.allCases)
    func createReadUpdateDelete(type: ConnectionType) async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        let marker = "secret-\(type.rawValue)-\(UUID().uuidString.prefix(8))"
        try await server.run { client in
            #expect(try await client.send(.post, "/api/v0/projects", json: #"{"name":"sales"}"#).status == .created)
            let path = "/api/v0/projects/sales/connections/main"
            let created = try await client.send(.post, path, json: Fixtures.body(type, marker: marker))
            #expect(created.status == .created, "\(created.body)")

            let read = try await client.get(path)
            #expect(read.status == .ok)
            #expect(read.json["type"] as? String == type.rawValue)
            #expect(read.json["name"] as? String == "main")
            #expect(read.json["resource"] as? String == path)
            #expect((read.json["attributes"] as? [String: Any])?["dialectName"] as? String == type.attributes.dialectName)
            #expect(read.json[type.settingsKey] != nil)
            #expect(!read.body.contains(marker))
            let secrets = try #require(read.json["secretsSet"] as? [String])
            #expect(!secrets.isEmpty)

            let edit = Self.edit(for: type)
            let patched = try await client.send(.patch, path, json: Fixtures.json([type.settingsKey: edit.body]))
            #expect(patched.status == .ok, "\(patched.body)")
            let after = try await client.get(path)
            #expect(Self.value(at: [type.settingsKey] + edit.path, in: after.json) == edit.value)
            #expect(after.json["secretsSet"] as? [String] == secrets)

            let list = try await client.get("/api/v0/projects/sales/connections")
            #expect(list.jsonArray.map { $0["name"] as? String } == ["main"])
            #expect(!list.body.contains(marker))

            #expect(try await client.send(.delete, path).status == .ok)
            #expect(try await client.get(path).status == .notFound)
        }
    }

    /// A `GET` answered again from the bytes of the last one is the same answer, needs the token
    /// as much, and never outlives a write: each write to any connection retires it.
    @Test func aKeptAnswerIsCurrentAfterEveryWrite() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            try await client.send(.post, "/api/v0/projects/p/connections/a", json: Fixtures.body(.postgres))
            try await client.send(.post, "/api/v0/projects/p/connections/b", json: Fixtures.body(.mysql))
            let path = "/api/v0/projects/p/connections/a"
            let first = try await client.get(path)
            let again = try await client.get(path)
            #expect(again.status == .ok && again.bytes == first.bytes)
            #expect(again.headers[.eTag] == first.headers[.eTag] && again.headers[.eTag]?.hasPrefix("\"") == true)
            #expect(again.headers[.contentType] == first.headers[.contentType])
            #expect(try await client.send(.get, path, token: nil).status == .unauthorized)
            #expect(try await client.send(.get, path, token: "wrong").status == .unauthorized)
            #expect(try await client.get("/api/v0/projects/p/connections/b").json["type"] as? String == "mysql")

            try await client.send(.patch, path, json: #"{"postgresConnection":{"port":6543}}"#)
            let patched = try await client.get(path)
            #expect(Self.value(at: ["postgresConnection", "port"], in: patched.json) == "6543")
            #expect(patched.headers[.eTag] != first.headers[.eTag])
            // A write to another connection, or to the project, retires this one's answer too.
            try await client.send(.patch, "/api/v0/projects/p/connections/b", json: #"{"mysqlConnection":{"port":3307}}"#)
            // The same view (a new encoding may order its keys differently).
            #expect(NSDictionary(dictionary: try await client.get(path).json) == NSDictionary(dictionary: patched.json))
            #expect(Self.value(at: ["mysqlConnection", "port"], in: try await client.get("/api/v0/projects/p/connections/b").json) == "3307")

            try await client.send(.delete, path)
            #expect(try await client.get(path).status == .notFound)
            try await client.send(.post, path, json: Fixtures.body(.trino))
            #expect(try await client.get(path).json["type"] as? String == "trino")
            try await client.send(.delete, "/api/v0/projects/p")
            #expect(try await client.get(path).status == .notFound)
        }
    }

    @Test(arguments: ConnectionType.allCases)
    func patchKeepsEverySecretItOmits(type: ConnectionType) async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            try await client.send(.post, "/api/v0/projects/p/connections/c", json: Fixtures.body(type, marker: "kept"))
            let edit = Self.edit(for: type)
            let patched = try await client.send(
                .patch, "/api/v0/projects/p/connections/c", json: Fixtures.json([type.settingsKey: edit.body]))
            #expect(patched.status == .ok)
        }
        let expected = try JSONDecoder().decode(ConnectionConfig.self, from: Data(Fixtures.body(type, marker: "kept").utf8))
        let resolved = try await server.withWorkspace { try await $0.resolvedConfig("c", in: "p") }
        #expect(resolved.redacted().secretsSet == expected.redacted().secretsSet)
        #expect(Fixtures.json(try JSONSerialization.jsonObject(with: JSONEncoder().encode(resolved))).contains("kept"))
    }

    /// Each object of the platform's PATCH example, sent alone as the page shows it.
    @Test(arguments: ConnectionType.allCases)
    func seedObjectsWorkInPostAndPatch(type: ConnectionType) async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            let body = Fixtures.seedObject(type)
            let posted = try await client.send(.post, "/api/v0/projects/p/connections/fresh", json: body)
            #expect(posted.status == .created, "\(posted.body)")
            let patched = try await client.send(.patch, "/api/v0/projects/p/connections/fresh", json: body)
            #expect(patched.status == .ok, "\(patched.body)")

            let other: ConnectionType = type == .mysql ? .postgres : .mysql
            try await client.send(.post, "/api/v0/projects/p/connections/switched", json: Fixtures.body(other))
            let switched = try await client.send(.patch, "/api/v0/projects/p/connections/switched", json: body)
            #expect(switched.status == .ok, "\(switched.body)")
            #expect(try await client.get("/api/v0/projects/p/connections/switched").json["type"] as? String == type.rawValue)
        }
    }
}
