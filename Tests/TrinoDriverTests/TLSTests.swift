import AsyncHTTPClient
import Foundation
import NIOSSL
import SwitchyardDrivers
import HTTPDriverKit
import Testing
@testable import TrinoDriver

/// Basic auth end to end: the emulator's TLS instance (`SWITCHYARD_TEST_TRINO_TLS_*`, a
/// self-signed certificate the client is told to trust) requires the password.
extension EmulatorTests {
    @Suite struct TLS {
        @Test func aPasswordTravelsAsBasicAuthOverVerifiedTLS() async throws {
            let environment = ProcessInfo.processInfo.environment
            func value(_ name: String) throws -> String {
                try #require(environment["SWITCHYARD_TEST_TRINO_TLS_\(name)"], "SWITCHYARD_TEST_TRINO_TLS_\(name) is not set")
            }
            let url = try #require(URL(string: try value("URL")))
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .file(try value("CA_FILE"))
            var configuration = HTTPClientDefaults.configuration()
            configuration.tlsConfiguration = tls
            let client = HTTPClient(configuration: configuration)
            let password = try value("PASSWORD")
            func driver(_ password: String, over client: HTTPClient) throws -> TrinoDriver {
                try TrinoDriver(
                    settings: try Emulator.settings([
                        "server": "https://\(url.host ?? "127.0.0.1")", "port": try #require(url.port),
                        "user": try value("USER"), "password": password,
                    ]),
                    secrets: [], client: client)
            }
            // The server's own client trusts only the system's roots: the self-signed
            // certificate is refused, and the password never sent.
            let strict = HTTPClient(configuration: HTTPClientDefaults.configuration())
            let refused = await #expect(throws: DriverError.self) { try await driver(password, over: strict).test() }
            #expect(refused?.message.contains("cannot reach Trino") == true)
            try await strict.shutdown()
            do {
                try await driver(password, over: client).test()
                let wrong = password + "-wrong"
                let error = await #expect(throws: DriverError.self) { try await driver(wrong, over: client).test() }
                #expect(error?.message.hasPrefix("Trino refused the credentials (HTTP 401)") == true)
                #expect(error?.message.contains(wrong) == false)
                try await client.shutdown()
            } catch {
                try? await client.shutdown()
                throw error
            }
        }
    }
}
