import Foundation
import Testing

/// A trino connection through the HTTP API, against the Trino protocol emulator whose address
/// `SWITCHYARD_TEST_TRINO_URL` gives (a missing variable fails the test).
@Suite struct TrinoRoutesTests {
    let base = "/api/v0/projects/p/connections/tr"

    private func connectionBody() throws -> String {
        let variable = "SWITCHYARD_TEST_TRINO_URL"
        let text = try #require(ProcessInfo.processInfo.environment[variable], "\(variable) is not set: start the Trino emulator")
        let url = try #require(URL(string: text))
        return Fixtures.json(["trinoConnection": [
            "server": "\(url.scheme ?? "http")://\(url.host ?? "127.0.0.1")", "port": try #require(url.port),
            "catalog": "memory", "schema": "sales", "user": "routes",
        ]])
    }

    @Test func testsBrowsesAndQueries() async throws {
        let body = try connectionBody()
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            try #require(try await client.send(.post, base, json: body).status == .created)
            #expect(try await client.send(.post, "\(base)/test").json["status"] as? String == "ok")

            let schemas = try await client.get("\(base)/schemas").jsonArray
            #expect(schemas.contains { $0["name"] as? String == "sales" && $0["isDefault"] as? Bool == true })
            let tables = try await client.get("\(base)/schemas/sales/tables?tableNames=orders").jsonArray
            let columns = try #require(tables.first?["columns"] as? [[String: String]])
            #expect(columns.first?["name"] == "id" && columns.first?["type"] == "bigint")

            let reply = try await client.query("p", "tr", "SELECT id, c_decimal_long, c_timestamp_tz, c_row FROM all_types WHERE id = 1")
            let data = try #require(reply.json["data"] as? String)
            #expect(data.contains(#""c_decimal_long":12345678901234567890123456789.123456789"#))
            #expect(data.contains(#""c_timestamp_tz":"2024-02-29T13:45:30.123Z""#))
            #expect(data.contains(#""c_row":{"x":1,"y":"one"}"#))

            let streamed = try await client.send(
                .post, "\(base)/sqlQuery", json: #"{"sqlStatement":"SELECT id, amount FROM orders ORDER BY id"}"#,
                headers: [.accept: "application/x-ndjson"])
            #expect(streamed.status == .ok)
            let lines = streamed.body.split(separator: "\n")
            #expect(lines.count == 5000)
            #expect(lines.last == #"{"id":5000,"amount":850.00}"#)

            let failed = try await client.query("p", "tr", "SELECT * FROM nope")
            #expect(failed.status == .badRequest)
            #expect(failed.message.contains("does not exist"))
        }
    }
}
