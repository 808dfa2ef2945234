import Foundation
import SwitchyardDrivers
import Testing
@testable import TrinoDriver

/// Connecting, credentials, retries and secrets, against the emulator.
extension EmulatorTests {
    @Suite struct Connection {
        @Test func aReachableCoordinatorPassesTheTest() async throws {
            try await Emulator.with { emulator in
                let settings = try emulator.settings()
                try await emulator.driver(settings).test()
                let sent = try await emulator.requests(of: try #require(settings.user))
                let post = try #require(sent.first { $0["method"] as? String == "POST" })
                let headers = try #require(post["headers"] as? [String: String])
                #expect(post["path"] as? String == "/v1/statement")
                #expect(post["body"] as? String == "SELECT 1")
                #expect(headers["x-trino-catalog"] == "memory")
                #expect(headers["x-trino-schema"] == "sales")
                #expect(headers["x-trino-source"] == "switchyard")
                #expect(headers["x-trino-query-data-encoding"] == nil)
                #expect(sent.allSatisfy { ($0["headers"] as? [String: String])?["authorization"] == nil })
            }
        }

        @Test func aClosedPortFailsTheTestAtOnce() async throws {
            try await Emulator.with { emulator in
                let driver = try emulator.driver(try emulator.settings(["port": 1]))
                let started = ContinuousClock.now
                let error = await #expect(throws: DriverError.self) { try await driver.test() }
                #expect(ContinuousClock.now - started < .seconds(3))
                guard case .connectionFailed(let message)? = error else {
                    Issue.record("expected connectionFailed, got \(String(describing: error))")
                    return
                }
                #expect(message.contains("127.0.0.1:1"))
            }
        }

        @Test func peakaKeyIsAnExtraCredentialAndReplacesCatalogAndSchema() async throws {
            try await Emulator.with { emulator in
                let settings = try emulator.settings(["peakaKey": "pk/live+key 42"])
                let schemas = try await emulator.driver(settings).schemas()
                #expect(schemas.contains { $0.name == "sales" })
                let sent = try await emulator.requests(of: try #require(settings.user))
                #expect(sent.count >= 2)
                for request in sent {
                    let headers = try #require(request["headers"] as? [String: String])
                    #expect(headers["x-trino-extra-credential"] == "peakaKey=pk%2Flive%2Bkey+42")
                    #expect(headers["x-trino-catalog"] == nil)
                    #expect(headers["x-trino-schema"] == nil)
                }
            }
        }

        @Test func secretsAreCutOutOfTrinosMessages() async throws {
            try await Emulator.with { emulator in
                let key = "pk_canary_\(UInt32.random(in: 100_000...999_999))"
                let driver = try emulator.driver(try emulator.settings(["peakaKey": key]))
                let error = await #expect(throws: DriverError.self) {
                    _ = try await driver.query("SELECT * FROM memory.sales.\(key)")
                }
                guard case .statementFailed(let message)? = error else {
                    Issue.record("expected statementFailed, got \(String(describing: error))")
                    return
                }
                #expect(!message.contains(key))
                #expect(message.contains("[secret]"))
            }
        }

        @Test func busyAnswersAreRetriedAsTheProtocolAllows() async throws {
            try await Emulator.with { emulator in
                let settings = try emulator.settings()
                let user = try #require(settings.user)
                try await emulator.configure(["fail_next": 2, "fail_status": 503])
                try await emulator.driver(settings).test()
                let posts = try await emulator.requests(of: user).filter { $0["method"] as? String == "POST" }
                #expect(posts.count == 3)

                try await emulator.configure(["fail_next": 1, "fail_status": 429, "retry_after": 1])
                let started = ContinuousClock.now
                try await emulator.driver(settings).test()
                #expect(ContinuousClock.now - started >= .seconds(1))
                try await emulator.configure(["fail_status": 503])
            }
        }

        @Test func aPasswordOverPlainHTTPIsRefusedWithoutEchoingIt() async throws {
            // The emulator serves plain HTTP: the driver must refuse to send a password to it.
            try await Emulator.with { emulator in
                let error = #expect(throws: DriverError.self) {
                    _ = try TrinoDriver(settings: try emulator.settings(["password": "hunter2-secret"]), secrets: [], client: emulator.client)
                }
                #expect(error?.message.contains("https") == true)
                #expect(error?.message.contains("hunter2-secret") == false)
            }
        }
    }
}
