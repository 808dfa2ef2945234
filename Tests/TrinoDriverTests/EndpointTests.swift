import Foundation
import NIOHTTP1
import SwitchyardCore
import SwitchyardDrivers
import Testing
@testable import TrinoDriver

/// What every request carries, built without a server.
@Suite struct EndpointTests {
    private func settings(_ object: [String: Any]) throws -> TrinoSettings {
        try Emulator.settings(["port": 8443, "user": "ana"].merging(object) { $1 })
    }

    @Test func aPasswordIsBasicAuthOverHTTPS() throws {
        let endpoint = try TrinoEndpoint(settings: try settings(["server": "https://trino.example.com", "password": "pa:ss", "catalog": "hive", "schema": "web"]))
        let headers = endpoint.headers(in: endpoint.session)
        #expect(endpoint.baseURL == "https://trino.example.com:8443")
        #expect(endpoint.statementURL == "https://trino.example.com:8443/v1/statement")
        #expect(headers["Authorization"] == ["Basic " + Data("ana:pa:ss".utf8).base64EncodedString()])
        #expect(headers["X-Trino-User"] == ["ana"])
        #expect(headers["X-Trino-Source"] == ["switchyard"])
        #expect(headers["X-Trino-Catalog"] == ["hive"])
        #expect(headers["X-Trino-Schema"] == ["web"])
        #expect(headers["X-Trino-Extra-Credential"].isEmpty)
        #expect(headers["X-Trino-Query-Data-Encoding"].isEmpty)
        #expect(endpoint.secrets.contains("pa:ss"))
    }

    @Test func aPasswordIsNeverSentOverPlainHTTP() throws {
        #expect(throws: DriverError.connectionFailed("a password is only sent over TLS: give the server as https://")) {
            _ = try TrinoEndpoint(settings: try settings(["server": "http://trino.example.com", "password": "pa:ss"]))
        }
        let open = try TrinoEndpoint(settings: try settings(["server": "HTTP://trino.example.com"]))
        #expect(open.headers(in: open.session)["Authorization"].isEmpty)
        #expect(open.baseURL == "http://trino.example.com:8443")
    }

    @Test func theServerMustNameItsScheme() throws {
        for server in ["trino.example.com", "ftp://trino.example.com", "https://"] {
            #expect(throws: DriverError.self) { _ = try TrinoEndpoint(settings: try settings(["server": server])) }
        }
    }

    @Test func theDefaultPortFollowsTheScheme() throws {
        let secure = try TrinoEndpoint(settings: try Emulator.settings(["server": "https://t.example.com/", "user": "u"]))
        #expect(secure.baseURL == "https://t.example.com:443")
        let plain = try TrinoEndpoint(settings: try Emulator.settings(["server": "http://[::1]", "user": "u"]))
        #expect(plain.baseURL == "http://[::1]:8080")
    }

    @Test func peakaKeyIsAnExtraCredentialWithoutCatalogOrSchema() throws {
        let endpoint = try TrinoEndpoint(settings: try settings([
            "server": "https://partner.peaka.studio", "peakaKey": "k=1&2 3", "catalog": "hive", "schema": "web",
        ]))
        let headers = endpoint.headers(in: endpoint.session)
        #expect(headers["X-Trino-Extra-Credential"] == ["peakaKey=k%3D1%262+3"])
        #expect(headers["X-Trino-Catalog"].isEmpty)
        #expect(headers["X-Trino-Schema"].isEmpty)
        #expect(endpoint.secrets.contains("k=1&2 3"))
        #expect(endpoint.secrets.contains("k%3D1%262+3"))
    }

    @Test func sessionHeadersOfAnAnswerApplyToLaterRequests() throws {
        let endpoint = try TrinoEndpoint(settings: try settings(["server": "https://t.example.com", "catalog": "hive", "schema": "web"]))
        var session = endpoint.session
        session.apply(["X-Trino-Set-Catalog": "iceberg", "X-Trino-Set-Schema": "lake", "X-Trino-Set-Session": "query_max_run_time=1h"])
        session.apply(["X-Trino-Set-Session": "join_distribution_type=BROADCAST"])
        session.apply(["X-Trino-Clear-Session": "query_max_run_time"])
        let headers = endpoint.headers(in: session)
        #expect(headers["X-Trino-Catalog"] == ["iceberg"])
        #expect(headers["X-Trino-Schema"] == ["lake"])
        #expect(headers["X-Trino-Session"] == ["join_distribution_type=BROADCAST"])
    }

    @Test func trailingSemicolonsAreDropped() {
        #expect(TrinoDriver.statement("  SELECT 1 ; ;\n") == "SELECT 1")
        #expect(TrinoDriver.statement("SELECT ';'") == "SELECT ';'")
    }
}
