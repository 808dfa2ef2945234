import Foundation
import SnowflakeDriver
import SwitchyardDrivers
import Testing

/// Signing in with a password or a key pair, the JWT checked against the official connector's
/// own claims, and refusals passed on clearly without secrets.
extension EmulatorTests {
    @Suite struct Connection {
        @Test func aPasswordLoginCarriesTheAccountAndUser() async throws {
            try await TestBed.with { bed in
                try await bed.reset()
                try await bed.driver(try bed.settings(["password": "pw-secret-1"])).test()
                let login = try #require(try await bed.requests("/session/v1/login-request").first)
                let data = try #require(try TestBed.body(login)["data"] as? [String: Any])
                #expect(data["LOGIN_NAME"] as? String == bed.user)
                #expect(data["ACCOUNT_NAME"] as? String == bed.account.uppercased())
                #expect(data["PASSWORD"] as? String == "pw-secret-1")
                #expect((login["path"] as? String)?.contains("databaseName=\(bed.database)") == true)
                let query = try #require(try await bed.requests("/queries/v1/query-request").first)
                #expect((query["headers"] as? [String: String])?["authorization"]?.hasPrefix("Snowflake Token=\"") == true)
            }
        }

        @Test(arguments: [false, true])
        func aKeyPairLoginSendsTheJWTTheConnectorWouldSend(encrypted: Bool) async throws {
            try await TestBed.with { bed in
                try await bed.reset()
                var fields: [String: Any] = ["privateKey": try bed.key(encrypted: encrypted)]
                if encrypted { fields["privateKeyPass"] = bed.passphrase }
                try await bed.driver(try bed.settings(fields)).test()
                let login = try #require(try await bed.requests("/session/v1/login-request").first)
                let data = try #require(try TestBed.body(login)["data"] as? [String: Any])
                #expect(data["AUTHENTICATOR"] as? String == "SNOWFLAKE_JWT")
                #expect(data["PASSWORD"] == nil)
                let jwt = try #require(data["TOKEN"] as? String)
                let verified = try await bed.verifiedByConnector(jwt, keyFile: encrypted ? bed.encryptedKeyFile : bed.keyFile)
                let claims = try #require(verified?["claims"] as? [String: Any], "the connector's check refused the JWT")
                let issued = try #require(claims["iat"] as? Int)
                #expect(claims["exp"] as? Int == issued + 60)
            }
        }

        @Test func aWrongPassphraseIsRefusedWithoutQuotingAnything() async throws {
            try await TestBed.with { bed in
                let settings = try bed.settings(["privateKey": try bed.key(encrypted: true), "privateKeyPass": "not-it-SECRET"])
                let error = #expect(throws: DriverError.self) { try bed.driver(settings) }
                #expect(error?.message.contains("passphrase") == true)
                #expect(error?.message.contains("SECRET") == false)
            }
        }

        @Test func aRefusedLoginIsPassedOnWithoutThePassword() async throws {
            try await TestBed.with { bed in
                try await bed.reset()
                try await bed.answerNext("/session/v1/login-request", body: [
                    "data": ["nextAction": "RETRY_LOGIN", "authnMethod": "USERNAME_PASSWORD"], "code": "390100",
                    "message": "Incorrect username or password was specified.", "success": false,
                ])
                let error = await #expect(throws: DriverError.self) {
                    try await bed.driver(try bed.settings(["password": "pw-SECRET-2"])).test()
                }
                guard case .connectionFailed(let message)? = error else {
                    Issue.record("expected a connection failure, got \(String(describing: error))")
                    return
                }
                #expect(message.contains("390100") && message.contains("Incorrect username or password"))
                #expect(!message.contains("pw-SECRET-2"))
            }
        }

        @Test func anExpiredSessionIsReplacedWithoutTheStatementNoticing() async throws {
            try await TestBed.with { bed in
                let driver = try bed.driver()
                try await driver.test()
                try await bed.reset()
                try await bed.answerNext("/queries/v1/query-request", body: [
                    "data": NSNull(), "code": "390112", "message": "Your session has expired. Please login again.", "success": false,
                ])
                #expect(try await driver.allRows(of: "SELECT 42 AS ANSWER") == [[.integer(42)]])
                // fakesnow gives no master token, so the session is made anew.
                #expect(try await bed.requests("/session/v1/login-request").count == 1)
                let statements = try await bed.requests("/queries/v1/query-request")
                #expect(statements.count == 2)
                let tokens = statements.compactMap { ($0["headers"] as? [String: String])?["authorization"] }
                #expect(Set(tokens).count == 2, "the retry carries the new session's token")
            }
        }

        @Test func aClosedPortFailsAtOnce() async throws {
            try await TestBed.with { bed in
                let started = ContinuousClock.now
                let error = await #expect(throws: DriverError.self) { try await bed.driver(url: "http://127.0.0.1:9").test() }
                #expect(ContinuousClock.now - started < .seconds(5))
                #expect(error?.message.contains("cannot reach Snowflake") == true, "\(String(describing: error))")
            }
        }
    }
}
