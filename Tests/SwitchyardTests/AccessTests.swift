import Foundation
import HTTPTypes
import Testing

/// Tokens, read-only mode and optimistic concurrency.
@Suite struct AccessTests {
    static let protectedRoutes: [(HTTPRequest.Method, String)] = [
        (.get, "/api/v0/projects"), (.post, "/api/v0/projects"),
        (.get, "/api/v0/projects/p"), (.patch, "/api/v0/projects/p"), (.delete, "/api/v0/projects/p"),
        (.get, "/api/v0/projects/p/connections"),
        (.get, "/api/v0/projects/p/connections/c"), (.post, "/api/v0/projects/p/connections/c"),
        (.patch, "/api/v0/projects/p/connections/c"), (.delete, "/api/v0/projects/p/connections/c"),
        (.get, "/api/v0/not-a-route"),
    ]

    @Test func everyRouteButStatusAndHealthNeedsTheToken() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            try await client.send(.post, "/api/v0/projects/p/connections/c", json: Fixtures.body(.mysql))
            for (method, path) in Self.protectedRoutes {
                for token in [nil, "wrong-token", TestServer.token + "x"] {
                    let reply = try await client.send(method, path, json: "{}", token: token)
                    #expect(reply.status == .unauthorized, "\(method) \(path) with \(token ?? "no token")")
                    #expect(reply.headers[.contentType]?.hasPrefix("application/json") == true)
                    #expect(!reply.message.isEmpty)
                }
            }
            #expect(try await client.send(.get, "/api/v0/status", token: nil).status == .ok)
            #expect(try await client.send(.get, "/healthz", token: nil).status == .ok)
            let lowercaseScheme = try await client.send(
                .get, "/api/v0/projects", token: nil, headers: [.authorization: "bearer \(TestServer.token)"])
            #expect(lowercaseScheme.status == .ok)
        }
    }

    @Test func frozenServerRefusesEveryChange() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            try await client.send(.post, "/api/v0/projects/p/connections/c", json: Fixtures.body(.mysql))
        }
        let frozen = TestServer(frozen: true, directory: server.directory)
        try await frozen.run { (client: Client) async throws in
            #expect(try await client.send(.get, "/api/v0/status").json["frozenConfig"] as? Bool == true)
            #expect(try await client.send(.post, "/api/v0/projects", json: #"{"name":"q"}"#).status == .forbidden)
            #expect(try await client.send(.patch, "/api/v0/projects/p", json: #"{"readme":"x"}"#).status == .forbidden)
            #expect(try await client.send(.delete, "/api/v0/projects/p").status == .forbidden)
            #expect(try await client.send(.post, "/api/v0/projects/p/connections/d", json: Fixtures.body(.mysql)).status == .forbidden)
            #expect(try await client.send(.patch, "/api/v0/projects/p/connections/c", json: #"{"mysqlConnection":{"port":1}}"#).status == .forbidden)
            #expect(try await client.send(.delete, "/api/v0/projects/p/connections/c").status == .forbidden)
            #expect(try await client.get("/api/v0/projects/p/connections/c").status == .ok)
            #expect(try await client.get("/api/v0/projects").jsonArray.count == 1)
        }
    }

    @Test func ifMatchGuardsPatchAndDelete() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            let path = "/api/v0/projects/p/connections/c"
            try await client.send(.post, path, json: Fixtures.body(.mysql))
            let first = try #require(try await client.get(path).headers[.eTag])
            #expect(first.hasPrefix("\"") && first.hasSuffix("\""))

            let patched = try await client.send(.patch, path, json: #"{"mysqlConnection":{"port":1}}"#, headers: [.ifMatch: first])
            #expect(patched.status == .ok)
            let second = try #require(patched.headers[.eTag])
            #expect(second != first)
            #expect(try await client.get(path).headers[.eTag] == second)

            let stale = try await client.send(.patch, path, json: #"{"mysqlConnection":{"port":2}}"#, headers: [.ifMatch: first])
            #expect(stale.status == .preconditionFailed)
            #expect(try await client.send(.delete, path, headers: [.ifMatch: first]).status == .preconditionFailed)
            #expect(try await client.send(.patch, path, json: #"{"mysqlConnection":{"port":3}}"#, headers: [.ifMatch: "*"]).status == .ok)
            let current = try #require(try await client.get(path).headers[.eTag])
            #expect(try await client.send(.delete, path, headers: [.ifMatch: current]).status == .ok)

            // A re-created connection never matches an ETag of the old one.
            try await client.send(.post, path, json: Fixtures.body(.mysql))
            #expect(try await client.send(.delete, path, headers: [.ifMatch: current]).status == .preconditionFailed)
            #expect(try await client.send(.delete, path).status == .ok)
        }
    }

    @Test func projectsCanBeReadUpdatedAndDeletedWithTheirConnections() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.run { client in
            let created = try await client.send(.post, "/api/v0/projects", json: #"{"name":"p","readme":"r1"}"#)
            #expect(created.status == .created)
            #expect(created.json["resource"] as? String == "/api/v0/projects/p")
            try await client.send(.post, "/api/v0/projects/p/connections/c", json: Fixtures.body(.mysql))
            let updated = try await client.send(.patch, "/api/v0/projects/p", json: #"{"location":"eu"}"#)
            #expect(updated.json["readme"] as? String == "r1")
            #expect(updated.json["location"] as? String == "eu")
            #expect(try await client.send(.patch, "/api/v0/projects/p", json: #"{"name":"q"}"#).status == .badRequest)
            let read = try await client.get("/api/v0/projects/p")
            #expect((read.json["connections"] as? [[String: Any]])?.first?["name"] as? String == "c")
            #expect(try await client.get("/api/v0/status").json["projects"].map { ($0 as? [Any])?.count } == 1)
            let deleted = try await client.send(.delete, "/api/v0/projects/p")
            #expect(deleted.status == .ok)
            #expect((deleted.json["connections"] as? [Any])?.count == 1)
            #expect(try await client.get("/api/v0/projects/p").status == .notFound)
            #expect(try await client.get("/api/v0/projects/p/connections/c").status == .notFound)
            // The name is free again, with no connection left over.
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            #expect(try await client.get("/api/v0/projects/p/connections").jsonArray.isEmpty)
        }
    }
}
