import BigQueryDriver
import SwitchyardDrivers
import Testing

/// What is sent again, and what is not: a refused token is renewed once; a call BigQuery did
/// not carry out (5xx, `rateLimitExceeded`) is repeated with backoff; a bad request is final.
extension EmulatorTests {
    @Suite struct Retries {
        @Test func aRefusedTokenIsRenewedOnce() async throws {
            try await TestBed.with { bed in
                try await bed.resetRecords()
                try await bed.injectFailures(1, status: 401, reason: "authError")
                try await bed.driver().test()
                let logins = try await bed.logins()
                #expect(logins.count == 2, "the refused token is replaced")
                let calls = try await bed.apiRequests()
                let tokens = calls.compactMap { ($0["headers"] as? [String: String])?["authorization"] }
                #expect(tokens.first == "Bearer \(logins[0]["access_token"] as? String ?? "")")
                #expect(tokens.dropFirst().allSatisfy { $0 == "Bearer \(logins[1]["access_token"] as? String ?? "")" })
            }
        }

        @Test func aTokenRefusedAgainIsAFailure() async throws {
            try await TestBed.with { bed in
                try await bed.resetRecords()
                try await bed.injectFailures(2, status: 401, reason: "authError")
                let error = await #expect(throws: DriverError.self) { try await bed.driver().test() }
                #expect(error?.message.contains("refused the service account's token") == true, "\(String(describing: error))")
                #expect(try await bed.logins().count == 2)
            }
        }

        @Test func transientFailuresAreRepeated() async throws {
            try await TestBed.with { bed in
                for (status, reason) in [(503, "backendError"), (403, "rateLimitExceeded")] {
                    try await bed.resetRecords()
                    try await bed.injectFailures(2, status: status, reason: reason)
                    #expect(try await bed.driver().query("SELECT 7 AS seven").allRows() == [[.integer(7)]])
                    let inserts = try await bed.apiRequests().filter { $0["method"] as? String == "POST" }
                    #expect(inserts.count == 3, "\(status) \(reason): two refused, the third carried out")
                }
            }
        }

        @Test func aBadRequestIsNotRepeated() async throws {
            try await TestBed.with { bed in
                try await bed.resetRecords()
                try await bed.injectFailures(1, status: 400, reason: "invalidQuery")
                let error = await #expect(throws: DriverError.self) { try await bed.driver().query("SELECT 1") }
                #expect(error == .statementFailed("injected invalidQuery"))
                #expect(try await bed.apiRequests().count == 1)
            }
        }
    }
}
