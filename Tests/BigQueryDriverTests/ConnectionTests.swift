import BigQueryDriver
import Foundation
import SwitchyardDrivers
import TestProcesses
import Testing

/// Signing in: the assertion the token endpoint verified, the bearer token on every call, and
/// clear failures (wrong key, unreachable token endpoint or API) with no secret in them.
extension EmulatorTests {
    @Suite struct Connection {
        @Test func signsInWithAVerifiedAssertionAndReusesTheToken() async throws {
            try await TestBed.with { bed in
                try await bed.resetRecords()
                let driver = try bed.driver()
                try await driver.test()
                _ = try await driver.query("SELECT 2 AS two").next()
                let logins = try await bed.logins()
                #expect(logins.count == 1, "one login for two statements")
                let login = try #require(logins.first)
                #expect(login["status"] as? Int == 200, "the endpoint verified the signature and claims")
                let key = try #require(try JSONSerialization.jsonObject(with: Data(bed.keyJSON.utf8)) as? [String: Any])
                let header = try #require(login["jwt_header"] as? [String: Any])
                let claims = try #require(login["jwt_claims"] as? [String: Any])
                #expect(header["alg"] as? String == "RS256")
                #expect(header["kid"] as? String == key["private_key_id"] as? String)
                #expect(claims["iss"] as? String == key["client_email"] as? String)
                #expect(claims["aud"] as? String == bed.tokenURL, "the audience is the key's token_uri")
                #expect(claims["scope"] as? String == "https://www.googleapis.com/auth/bigquery")
                let issued = try #require(claims["iat"] as? Int)
                #expect(claims["exp"] as? Int == issued + 3600)
                let token = try #require(login["access_token"] as? String)
                let calls = try await bed.apiRequests()
                #expect(!calls.isEmpty)
                #expect(calls.allSatisfy { ($0["headers"] as? [String: String])?["authorization"] == "Bearer \(token)" })
            }
        }

        @Test func aKeyTheEndpointDoesNotKnowFailsWithoutShowingIt() async throws {
            try await TestBed.with { bed in
                let otherPEM = try await Self.otherPrivateKeyPEM()
                let settings = try bed.settings(["serviceAccountKeyJson": try bed.key(replacing: "private_key", with: otherPEM)])
                let error = await #expect(throws: DriverError.self) { try await bed.driver(settings).test() }
                guard case .connectionFailed(let message)? = error else {
                    Issue.record("expected a connection failure, got \(String(describing: error))")
                    return
                }
                #expect(message.contains("Invalid JWT Signature"), "\(message)")
                #expect(!message.contains("PRIVATE KEY") && !message.contains(otherPEM.split(separator: "\n")[1]))
            }
        }

        @Test func anUnreachableTokenEndpointOrAPIFailsQuickly() async throws {
            try await TestBed.with { bed in
                let closed = "http://127.0.0.1:9"
                let badTokenURL = try bed.settings(["serviceAccountKeyJson": try bed.key(replacing: "token_uri", with: closed + "/token")])
                for driver in [try bed.driver(badTokenURL), try bed.driver(apiURL: closed)] {
                    let started = ContinuousClock.now
                    let error = await #expect(throws: DriverError.self) { try await driver.test() }
                    #expect(ContinuousClock.now - started < .seconds(5))
                    #expect(error?.message.contains("cannot reach") == true, "\(String(describing: error))")
                    #expect(error?.message.contains("PRIVATE KEY") == false)
                }
            }
        }

        @Test func aMalformedKeyIsRefusedWithoutQuotingIt() async throws {
            try await TestBed.with { bed in
                let settings = try bed.settings(["serviceAccountKeyJson": try bed.key(replacing: "private_key", with: "not a key SECRETBITS")])
                let error = #expect(throws: DriverError.self) { try bed.driver(settings) }
                #expect(error?.message.contains("private_key") == true)
                #expect(error?.message.contains("SECRETBITS") == false)
            }
        }

        /// A PKCS#8 PEM of a freshly made RSA key the token endpoint has never seen.
        static func otherPrivateKeyPEM() async throws -> String {
            try await ChildProcess.output("/usr/bin/openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"])
        }
    }
}
