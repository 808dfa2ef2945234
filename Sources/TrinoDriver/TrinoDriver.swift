import AsyncHTTPClient
import Foundation
import HTTPDriverKit
import Synchronization
import SwitchyardCore
import SwitchyardDrivers

/// Trino (and Peaka, which speaks Trino's protocol) over Trino's client REST protocol. Holds
/// no connections of its own: requests go through the server's one `HTTPClient`, which the
/// server shuts down after the drivers.
public final class TrinoDriver: DatabaseDriver {
    let transport: TrinoTransport
    let settings: TrinoSettings
    /// Tables made by `createTemporaryTable`; Trino has no session-bound tables, so they are
    /// dropped when this driver is shut down.
    private let temporaryTables = Mutex<[String]>([])

    /// - Parameters:
    ///   - secrets: values cut out of every message (the password and Peaka key are added).
    ///   - requestTimeout: how long one protocol request may take, not the whole statement.
    public init(
        settings: TrinoSettings, secrets: [String], client: HTTPClient, requestTimeout: Duration = .seconds(60)
    ) throws(DriverError) {
        let endpoint = try TrinoEndpoint(settings: settings, secrets: secrets)
        let service = HTTPService(
            client: client, name: "Trino at \(endpoint.baseURL)", secrets: endpoint.secrets,
            requestTimeout: requestTimeout, maxAnswerBytes: 256 << 20)
        transport = TrinoTransport(endpoint: endpoint, retry: RetryPolicy(), service: service)
        self.settings = settings
    }

    public func test() async throws {
        try await testByRunning("SELECT 1")
    }

    public func query(_ sql: String) async throws -> any RowCursor {
        try await open(sql)
    }

    /// The columns of a run that returns no rows: Trino plans the statement and stops.
    public func describe(_ sql: String) async throws -> [ColumnInfo] {
        let cursor = try await open("SELECT * FROM (\n\(Self.statement(sql))\n) LIMIT 0")
        while try await cursor.next() != nil {}
        return cursor.columns
    }

    /// `CREATE TABLE … AS` in the connection's catalog and schema, under a generated name.
    public func createTemporaryTable(from sql: String) async throws -> String {
        guard let catalog = settings.catalog, let schema = settings.schema else {
            throw DriverError.statementFailed("a temporary table needs the connection's catalog and schema")
        }
        let name = "switchyard_tmp_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let qualified = [catalog, schema, name].map(SQLIdentifier.doubleQuoted).joined(separator: ".")
        do {
            _ = try await allRows(of: "CREATE TABLE \(qualified) AS\n\(Self.statement(sql))")
        } catch DriverError.statementFailed(let message) {
            throw DriverError.statementFailed("cannot create a table in \(catalog).\(schema): \(message)")
        }
        temporaryTables.withLock { $0.append(qualified) }
        return qualified
    }

    /// Drops the tables this driver made, each within a few seconds; a coordinator that does
    /// not answer leaves them behind rather than holding up the server's shutdown.
    public func shutdown() async {
        let tables = temporaryTables.withLock { tables in
            defer { tables = [] }
            return tables
        }
        for table in tables {
            _ = try? await Deadline.run(within: .seconds(5)) { try await self.allRows(of: "DROP TABLE IF EXISTS \(table)") }
        }
    }

    /// Starts `sql` in the connection's session and returns its cursor once columns are known.
    func open(_ sql: String) async throws -> TrinoCursor {
        let (execution, first) = try await StatementExecution.start(
            Self.statement(sql), transport: transport, session: transport.endpoint.session)
        return try await TrinoCursor.open(execution, first: first)
    }

    /// The statement without the trailing semicolons Trino refuses.
    static func statement(_ sql: String) -> String {
        var text = sql.trimmingCharacters(in: .whitespacesAndNewlines)
        while text.hasSuffix(";") {
            text.removeLast()
            text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return text
    }
}
