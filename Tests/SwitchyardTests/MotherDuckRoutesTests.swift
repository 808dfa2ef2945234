import Foundation
import Testing

/// A motherduck connection on a machine that cannot reach MotherDuck (this one: its DuckDB
/// extension downloads its real self from MotherDuck when it loads, and gives up after about
/// 10 s). The failure must be a good one: clear, within the test's time limit, no token in it,
/// and no other connection held up meanwhile.
@Suite struct MotherDuckRoutesTests {
    @Test func anUnreachableMotherDuckFailsClearlyAndHoldsNothingUp() async throws {
        try Engine.requireDuckDB()
        let token = "md-token-\(UUID().uuidString)"
        let logs = LogCapture()
        let server = TestServer(logs: logs)
        defer { server.removeDirectory() }
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            let body = Fixtures.json(["motherduckConnection": ["accessToken": token, "database": "analytics"]])
            try #require(try await client.send(.post, "/api/v0/projects/p/connections/md", json: body).status == .created)
            try await client.send(.post, "/api/v0/projects/p/connections/duck", json: #"{"duckdbConnection":{}}"#)

            async let tested = client.send(.post, "/api/v0/projects/p/connections/md/test")
            // While MotherDuck is being tried, a local DuckDB answers as usual.
            try await Task.sleep(for: .milliseconds(500))
            let started = ContinuousClock.now
            let local = try await client.query("p", "duck", "SELECT 42 AS answer")
            #expect(local.status == .ok)
            #expect(ContinuousClock.now - started < .seconds(3), "a local statement waited on MotherDuck")

            let result = try await tested
            #expect(result.json["status"] as? String == "failed")
            let message = result.json["errorMessage"] as? String ?? ""
            #expect(message.contains("MotherDuck could not be reached"), "\(message)")

            let query = try await client.query("p", "md", "SELECT 1")
            #expect(query.status == .badGateway)
            #expect(query.message.contains("MotherDuck could not be reached"))
            for reply in [result, query] { #expect(!reply.body.contains(token)) }
        }
        #expect(!logs.text.contains(token), "a log line carried the token")
    }
}
