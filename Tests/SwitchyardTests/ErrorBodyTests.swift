import Foundation
import HTTPTypes
import Logging
import OpenAPIRuntime
import SwitchyardCore
import SwitchyardDrivers
@testable import SwitchyardServer
import Testing

/// Every error answer is `{"code": "<status>", "message": …}`, whoever produced it.
@Suite struct ErrorBodyTests {
    @Test func everyErrorAnswerCarriesItsStatusAsCode() async throws {
        var server = TestServer(maxBodyBytes: 2048)
        // Without a DuckDB library, a duckdb connection answers 501.
        server.configuration.duckDBLibrary = nil
        defer { server.removeDirectory() }
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            try await client.send(.post, "/api/v0/projects/p/connections/c", json: Fixtures.body(.mysql))
            try await client.send(.post, "/api/v0/projects/p/connections/t", json: #"{"duckdbConnection":{}}"#)
            let large = Fixtures.json(["postgresConnection": ["host": String(repeating: "h", count: 4096)]])
            let replies: [(Reply, HTTPResponse.Status)] = [
                (try await client.send(.get, "/api/v0/projects", token: nil), .unauthorized),
                (try await client.send(.post, "/api/v0/projects", json: #"{"name":"bad name"}"#), .badRequest),
                (try await client.get("/api/v0/projects/nope"), .notFound),
                (try await client.get("/api/v0/projects/p/connections/nope"), .notFound),
                (try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#), .conflict),
                (try await client.send(.delete, "/api/v0/projects/p/connections/c", headers: [.ifMatch: "\"stale\""]), .preconditionFailed),
                (try await client.send(.post, "/api/v0/projects/p/connections/d", json: large), .contentTooLarge),
                (try await client.send(.post, "/api/v0/projects/p/connections/d", json: "{}", contentType: "text/plain"), .unsupportedMediaType),
                (try await client.get("/api/v0/no/such/route"), .notFound),
                (try await client.get("/api/v0/projects/p/connections/t/schemas"), .notImplemented),
            ]
            for (reply, status) in replies {
                #expect(reply.status == status, "\(reply.body)")
                #expect(reply.json["code"] as? String == String(status.code), "\(reply.body)")
                #expect(!reply.message.isEmpty, "\(reply.body)")
                #expect(reply.headers[.contentType]?.hasPrefix("application/json") == true)
            }
        }
    }

    @Test func packagesAreAnEmptyListOfAProjectThatExists() async throws {
        let server = TestServer()
        defer { server.removeDirectory() }
        try await server.run { client in
            try await client.send(.post, "/api/v0/projects", json: #"{"name":"p"}"#)
            let packages = try await client.get("/api/v0/projects/p/packages")
            #expect(packages.status == .ok)
            #expect(packages.body.filter { !$0.isWhitespace } == "[]")
            let missing = try await client.get("/api/v0/projects/nope/packages")
            #expect(missing.status == .notFound)
            #expect(missing.json["code"] as? String == "404")
            #expect(missing.message == "project nope does not exist")
        }
    }

    /// An error of a type nobody mapped, describing itself the way pool errors do.
    struct UnforeseenError: Error, CustomStringConvertible {
        var description: String { "ConnectionPoolError(base: .poolShutdown)" }
    }

    @Test func unforeseenErrorsAreAGeneric500AndOnlyLogged() throws {
        let server = TestServer()
        let wrapped = ServerError(
            operationID: "getConnection", request: HTTPRequest(method: .get, scheme: nil, authority: nil, path: "/"),
            requestBody: nil, requestMetadata: .init(), causeDescription: "Unknown", underlyingError: UnforeseenError())
        for error in [UnforeseenError() as any Error, wrapped] {
            let answer = ErrorResponse.answer(for: error, logger: server.logger)
            #expect(answer.status == .internalServerError)
            #expect(answer.message == "internal error")
        }
        #expect(server.logs.text.contains("UnforeseenError"))
    }

    @Test func errorsStateTheirOwnStatus() {
        let logger = TestServer().logger
        let cases: [(any Error, Int)] = [
            (SwitchyardError.connectionNotFound(project: "p", connection: "c"), 404),
            (SwitchyardError.revisionMismatch, 412),
            (DriverError.connectionFailed("refused"), 502),
            (DriverError.statementFailed("syntax error"), 400),
            (QueryError.noDriver("trino"), 501),
            (QueryError.tooManyRows(10), 413),
            (DataError.tableNotFound(schema: "s", table: "t"), 404),
            (CancellationError(), 503),
        ]
        for (error, code) in cases {
            let answer = ErrorResponse.answer(for: error, logger: logger)
            #expect(answer.status.code == code, "\(error)")
            #expect(answer.message == (error as? any HTTPStatusError)?.clientMessage)
        }
    }
}
