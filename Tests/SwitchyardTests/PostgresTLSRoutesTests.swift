import Foundation
import Testing

/// A postgres connection's TLS settings (libpq's `sslmode` and `sslrootcert` in its connection
/// string), against a local PostgreSQL that takes TLS connections only, with a certificate for
/// `localhost` signed by a test authority of its own (`scripts/test-services`). This is the path
/// a MotherDuck user takes through its PostgreSQL endpoint, where TLS is required.
@Suite struct PostgresTLSRoutesTests {
    private func environment(_ name: String) throws -> String {
        try #require(ProcessInfo.processInfo.environment[name], "\(name) is not set: eval \"$(scripts/test-services env)\"")
    }

    /// A connection string to the TLS server at `host`, with the given libpq keywords.
    private func body(host: String, _ keywords: String) throws -> String {
        let port = try environment("SWITCHYARD_TEST_POSTGRES_TLS_PORT")
        let user = try environment("SWITCHYARD_TEST_POSTGRES_TLS_USER")
        let password = try environment("SWITCHYARD_TEST_POSTGRES_TLS_PASSWORD")
        let database = try environment("SWITCHYARD_TEST_POSTGRES_TLS_DATABASE")
        let uri = "postgresql://\(user):\(password)@\(host):\(port)/\(database)" + (keywords.isEmpty ? "" : "?\(keywords)")
        return Fixtures.json(["postgresConnection": ["connectionString": uri]])
    }

    @Test func sslModesAreHonoured() async throws {
        let authority = try environment("SWITCHYARD_TEST_POSTGRES_TLS_CA_FILE")
        let stranger = try environment("SWITCHYARD_TEST_POSTGRES_TLS_OTHER_CA_FILE")
        let password = try environment("SWITCHYARD_TEST_POSTGRES_TLS_PASSWORD")
        let server = TestServer()
        let accepted = [
            ("prefer", try body(host: "127.0.0.1", "")),
            ("require", try body(host: "127.0.0.1", "sslmode=require")),
            ("verify-ca", try body(host: "127.0.0.1", "sslmode=verify-ca&sslrootcert=\(authority)")),
            ("verify-full", try body(host: "localhost", "sslmode=verify-full&sslrootcert=\(authority)")),
        ]
        let refused = [
            // The server refuses plain connections.
            ("disable", try body(host: "127.0.0.1", "sslmode=disable"), "no encryption"),
            // The certificate names localhost, not 127.0.0.1.
            ("verify-full by address", try body(host: "127.0.0.1", "sslmode=verify-full&sslrootcert=\(authority)"), "does not name the host"),
            // Signed by an authority the connection does not trust.
            ("verify-full, other authority", try body(host: "localhost", "sslmode=verify-full&sslrootcert=\(stranger)"), "not signed by an authority this connection trusts"),
            ("verify-ca, other authority", try body(host: "127.0.0.1", "sslmode=verify-ca&sslrootcert=\(stranger)"), "not signed by an authority this connection trusts"),
        ]
        try await server.runInProject { client in
            for (index, (mode, json)) in accepted.enumerated() {
                #expect(try await client.send(.post, "/api/v0/projects/p/connections/ok\(index)", json: json).status == .created)
                let tested = try await client.send(.post, "/api/v0/projects/p/connections/ok\(index)/test")
                #expect(tested.json["status"] as? String == "ok", "\(mode): \(tested.body)")
                let rows = try await client.rows("p", "ok\(index)", "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
                #expect(rows.first?["ssl"] as? Bool == true, "\(mode) did not use TLS")
            }
            for (index, (mode, json, expected)) in refused.enumerated() {
                #expect(try await client.send(.post, "/api/v0/projects/p/connections/no\(index)", json: json).status == .created)
                let tested = try await client.send(.post, "/api/v0/projects/p/connections/no\(index)/test")
                #expect(tested.json["status"] as? String == "failed", "\(mode): \(tested.body)")
                let message = tested.json["errorMessage"] as? String ?? ""
                #expect(message.contains(expected), "\(mode): \(message)")
                #expect(!message.contains(password))
                let query = try await client.query("p", "no\(index)", "SELECT 1")
                #expect(query.status == .badGateway, "\(mode): \(query.status) \(query.body)")
            }
        }
    }
}
