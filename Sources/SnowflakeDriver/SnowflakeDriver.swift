import AsyncHTTPClient
import Foundation
import HTTPDriverKit
import Synchronization
import SwitchyardCore
import SwitchyardDrivers

/// Snowflake over the REST protocol its own connectors speak, signed in with a password or a
/// key pair. One session per connection, shared by its statements and kept for the driver's
/// life; calls go through the server's one `HTTPClient`.
public final class SnowflakeDriver: DatabaseDriver {
    let transport: SnowflakeTransport
    let sessions: SessionKeeper
    let settings: SnowflakeSettings

    /// - Parameters:
    ///   - overrideURL: where to reach Snowflake instead of the account's own host.
    ///   - secrets: values cut out of every message.
    public init(
        settings: SnowflakeSettings, secrets: [String], client: HTTPClient, overrideURL: String? = nil
    ) throws(DriverError) {
        let endpoint = try SnowflakeEndpoint(settings: settings, overrideURL: overrideURL)
        let credential = try Credential(password: settings.password, privateKey: settings.privateKey, passphrase: settings.privateKeyPass)
        let timeout = settings.responseTimeoutMilliseconds.flatMap { $0 > 0 ? Duration.milliseconds($0) : nil } ?? .seconds(60)
        let service = HTTPService(
            client: client, name: "Snowflake at \(endpoint.baseURL)", secrets: secrets, requestTimeout: timeout,
            maxAnswerBytes: 256 << 20)
        transport = SnowflakeTransport(service: service, endpoint: endpoint)
        sessions = SessionKeeper(transport: transport, credential: credential)
        self.settings = settings
    }

    public func test() async throws {
        try await testByRunning("SELECT 1")
    }

    public func query(_ sql: String) async throws -> any RowCursor {
        try SnowflakeCursor(try await SnowflakeStatement(sql, sessions: sessions, transport: transport).run(), transport: transport)
    }

    /// The columns from a describe-only request, which plans the statement without running it.
    public func describe(_ sql: String) async throws -> [ColumnInfo] {
        let data = try await SnowflakeStatement(sql, sessions: sessions, transport: transport).run(describeOnly: true)
        return data["rowtype"]?.array?.compactMap(SnowflakeColumn.init).map(\.info) ?? []
    }

    /// `CREATE TEMPORARY TABLE … AS` in the connection's session, which every later statement
    /// of this connection shares; it lasts as long as that session.
    public func createTemporaryTable(from sql: String) async throws -> String {
        let name = SQLIdentifier.doubleQuoted("SWITCHYARD_TMP_" + String(UInt64.random(in: 0...UInt64.max), radix: 16).uppercased())
        _ = try await allRows(of: "CREATE TEMPORARY TABLE \(name) AS\n\(sql)")
        return name
    }

    /// Ends the session, and its temporary tables with it, within a few seconds.
    public func shutdown() async {
        _ = try? await Deadline.run(within: .seconds(5)) { await self.sessions.close() }
    }
}
