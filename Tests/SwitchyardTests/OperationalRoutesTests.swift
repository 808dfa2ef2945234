import Foundation
import Testing

/// What the server says without a token, and how it refuses what it will not read.
@Suite struct OperationalRoutesTests {
    @Test func statusWithoutATokenListsNoProjects() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            try await client.send(.post, "/api/v0/projects/p/connections/c", json: Fixtures.body(.mysql))
            for token in [nil, "wrong-token"] {
                let open = try await client.send(.get, "/api/v0/status", token: token)
                #expect(open.status == .ok)
                #expect(open.json["projects"] as? [Any] != nil)
                #expect((open.json["projects"] as? [Any])?.isEmpty == true, "\(open.body)")
                #expect(!open.body.contains("mysql.internal"))
                #expect(open.json["operationalState"] as? String == "serving")
            }
            let full = try await client.get("/api/v0/status")
            #expect((full.json["projects"] as? [[String: Any]])?.map { $0["name"] as? String } == ["p"])
        }
    }

    @Test(arguments: [nil, "/api/v0/projects/p/connections/pg/sqlQuery"] as [String?])
    func aBodyOverTheLimitGetsItsAnswerWithoutHanging(route: String?) async throws {
        let server = TestServer(maxBodyBytes: 4096)
        defer { server.removeDirectory() }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("switchyard-big-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        // Larger than the socket buffers on both sides, so a server that stops reading blocks the client.
        try Data(repeating: UInt8(ascii: "x"), count: 32 << 20).write(to: file)
        try await server.run(live: true) { client in
            let port = try #require(client.client.port)
            let start = ContinuousClock.now
            let status = try await Curl.postFile(port: port, path: route ?? "/api/v0/projects", bodyFile: file.path, maxSeconds: 20)
            #expect(status == 413)
            #expect(ContinuousClock.now - start < .seconds(15))
            // The server is still there for the next client.
            #expect(try await client.get("/api/v0/projects").status == .ok)
        }
    }
}
