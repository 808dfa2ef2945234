import AsyncHTTPClient
import Foundation
import HTTPDriverKit
import Synchronization
import SwitchyardCore
import SwitchyardDrivers

/// Google BigQuery over its REST API (v2), signed in with a service-account key. Holds no
/// connections of its own: calls go through the server's one `HTTPClient`, which the server
/// shuts down after the drivers.
public final class BigQueryDriver: DatabaseDriver {
    let transport: BigQueryTransport
    let settings: JobSettings
    /// Rows asked for per `getQueryResults` page.
    let pageRows: Int
    let temporaryTableLifetime: Duration
    /// Whether the scratch dataset is known to exist, so that it is created once per driver.
    private let scratchDatasetReady = Mutex(false)

    /// The dataset that holds the tables `sqlTemporaryTable` makes.
    static let scratchDataset = "switchyard_scratch"

    /// - Parameters:
    ///   - apiURL: BigQuery's endpoint (`https://bigquery.googleapis.com`), or the operator's.
    ///   - secrets: values cut out of every message (the key's private part is added).
    public init(
        settings: BigQuerySettings, secrets: [String], client: HTTPClient,
        apiURL: String = "https://bigquery.googleapis.com", pageRows: Int = 10_000,
        temporaryTableLifetime: Duration = .seconds(3600), requestTimeout: Duration = .seconds(60)
    ) throws(DriverError) {
        let key = try ServiceAccountKey(json: settings.serviceAccountKeyJson ?? "")
        self.settings = try JobSettings(settings: settings, key: key)
        let service = HTTPService(
            client: client, name: "BigQuery at \(apiURL)", secrets: secrets + key.secrets,
            requestTimeout: requestTimeout, maxAnswerBytes: 256 << 20)
        let base = apiURL.hasSuffix("/") ? String(apiURL.dropLast()) : apiURL
        transport = BigQueryTransport(
            service: service, tokens: AccessTokens(key: key, service: service), baseURL: base + "/bigquery/v2")
        self.pageRows = pageRows
        self.temporaryTableLifetime = temporaryTableLifetime
    }

    public func test() async throws {
        try await testByRunning("SELECT 1")
    }

    public func query(_ sql: String) async throws -> any RowCursor {
        try await BigQueryCursor.open(sql, job: QueryJob(transport: transport, settings: settings), pageRows: pageRows)
    }

    /// The result's columns from a dry run, which BigQuery neither runs nor bills.
    public func describe(_ sql: String) async throws -> [ColumnInfo] {
        try await QueryJob(transport: transport, settings: settings).dryRunSchema(sql).map {
            ColumnInfo(name: $0.name, type: $0.typeName)
        }
    }

    /// `CREATE TABLE … AS` in the scratch dataset of the connection's project, under a name
    /// that carries its expiry, and with BigQuery's own `expiration_timestamp` set to it, so
    /// the table is removed without Switchyard's help.
    public func createTemporaryTable(from sql: String) async throws -> String {
        try await ensureScratchDataset()
        let name = ScratchTableName(prefix: "", lifetime: temporaryTableLifetime)
        let table = "`\(settings.dataProject).\(Self.scratchDataset).\(name.text)`"
        _ = try await allRows(
            of: "CREATE TABLE \(table) OPTIONS(expiration_timestamp = TIMESTAMP_SECONDS(\(name.expiry))) AS\n\(sql)")
        return table
    }

    public func shutdown() async {}

    private func ensureScratchDataset() async throws {
        guard !scratchDatasetReady.withLock({ $0 }) else { return }
        let options = settings.location.map { " OPTIONS(location = \(SQLIdentifier.stringLiteral($0)))" } ?? ""
        _ = try await allRows(of: "CREATE SCHEMA IF NOT EXISTS `\(settings.dataProject).\(Self.scratchDataset)`\(options)")
        scratchDatasetReady.withLock { $0 = true }
    }
}
