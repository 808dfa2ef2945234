@testable import DuckDBDriver
import Foundation
import SwitchyardCore
import SwitchyardDrivers
import TestProcesses
import Testing

@Suite("DuckDB attachments", .timeLimit(.minutes(1)))
struct AttachmentTests {
    @Test func attachedPostgresReadsItsTables() async throws {
        let postgres = try TestEnvironment.postgres()
        let table = "duckdb_seed_\(UInt32.random(in: 0...UInt32.max))"
        try await TestEnvironment.psql("""
            CREATE TABLE \(table) (id integer PRIMARY KEY, name text, amount numeric(10,2), seen timestamptz);
            INSERT INTO \(table) VALUES (1, 'ada', 12.50, '2024-01-02 03:04:05+00'), (2, 'grace', NULL, NULL);
            """)
        try await withDriver(postgresAttached(postgres), secrets: [postgres.password!]) { driver throws in
            try await driver.test()
            #expect(try await rows(driver, "SELECT id, name, amount, seen FROM pg.public.\(table) ORDER BY id") == [
                [.integer(1), .string("ada"), .decimal("12.50"), .timestampMicros(1_704_164_645_000_000, utc: true)],  // 2024-01-02T03:04:05Z
                [.integer(2), .string("grace"), .null, .null],
            ])
            let schemas = try await driver.schemas()
            #expect(schemas.contains(SchemaInfo(name: "pg.public", isDefault: false, isHidden: false)))
            let info = try await driver.table(table, inSchema: "pg.public")
            #expect(info?.columns.map(\.name) == ["id", "name", "amount", "seen"])
            #expect(info?.columns.last?.type == "TIMESTAMP WITH TIME ZONE")
            // Read-only: writes through the attachment are refused.
            let error = await failure(driver, "INSERT INTO pg.public.\(table) VALUES (3, 'x', 1, NULL)")
            #expect(error.map { if case .statementFailed = $0 { true } else { false } } == true)
        }
        try await TestEnvironment.psql("DROP TABLE IF EXISTS \(table)")
    }

    @Test func aConnectionStringWorksToo() async throws {
        let postgres = try TestEnvironment.postgres()
        let uri = "postgresql://\(postgres.userName!):\(postgres.password!)@\(postgres.host!):\(postgres.port!)/\(postgres.databaseName!)?application_name=switchyard"
        for text in [uri, "host=\(postgres.host!) port=\(postgres.port!) dbname=\(postgres.databaseName!) user=\(postgres.userName!) password='\(postgres.password!)'"] {
            let settings = postgresAttached(PostgresSettings(connectionString: text))
            let result = try await withDriver(settings, secrets: [postgres.password!]) {
                try await rows($0, "SELECT count(*) > 0 FROM pg.information_schema.tables")
            }
            #expect(result == [[.bool(true)]])
        }
    }

    @Test func aWrongPasswordIsAConnectionFailureWithoutThePassword() async throws {
        var postgres = try TestEnvironment.postgres()
        let password = "wrong-pw-\(UInt32.random(in: 0...UInt32.max))-o'brien"
        postgres.password = password
        try await withDriver(postgresAttached(postgres), secrets: [password]) { driver throws in
            do {
                try await driver.test()
                Issue.record("connected with a wrong password")
            } catch let error as DriverError {
                guard case .connectionFailed(let message) = error else {
                    Issue.record("got \(error)")
                    return
                }
                #expect(message.contains("password authentication failed"))
                #expect(!message.contains(password))
                #expect(!message.contains("o''brien") && !message.contains("o\\'brien"))
            }
        }
    }

    /// BigQuery and Snowflake attachments use DuckDB's community extensions, which no package
    /// here provides: missing, the connection says so; present but not a loadable extension,
    /// it says that instead, and neither message carries a secret.
    @Test(arguments: ["bigquery", "snowflake"])
    func communityExtensionsMissingOrInvalidAreNamed(type: String) async throws {
        let secret = "attach-secret-\(UInt32.random(in: 0...UInt32.max))"
        let object = type == "bigquery"
            ? #"{"defaultProjectId": "p", "serviceAccountKeyJson": "\#(secret)"}"#
            : #"{"account": "a", "username": "u", "password": "\#(secret)"}"#
        let json = #"{"attachedDatabases": [{"name": "remote", "type": "\#(type)", "\#(type)Connection": \#(object)}]}"#
        let settings = try JSONDecoder().decode(DuckDBSettings.self, from: Data(json.utf8))
        let directory = try ExtensionDirectory()
        defer { directory.remove() }
        for (invalid, expected) in [(false, "is not installed on this server"), (true, "could not be loaded")] {
            if invalid { try directory.add("\(type).duckdb_extension", Data("not an extension".utf8)) }
            let threads = BlockingExecutor(threads: 1)
            var runtime = try TestEnvironment.runtime()
            runtime.extensionDirectory = directory.root.path
            let driver = try DuckDBDriver(settings: settings, runtime: runtime, secrets: [secret], threads: threads)
            do {
                try await driver.test()
                Issue.record("an attachment without its extension worked")
            } catch DriverError.unavailable(let message) {
                #expect(message.contains("DuckDB \(type) extension"), "\(message)")
                #expect(message.contains(expected), "\(message)")
                #expect(!message.contains(secret))
            }
            await driver.shutdown()
            await threads.shutdown()
        }
    }

    @Test func communityAttachmentStatements() throws {
        let bigquery = try JSONDecoder().decode(
            BigQuerySettings.self, from: Data(#"{"defaultProjectId": "acme", "serviceAccountKeyJson": "{\"k\": \"it's\"}"}"#.utf8))
        #expect(try CommunityAttachment.bigquery(name: "bq", settings: bigquery) == [
            #"CREATE SECRET "bq" (TYPE bigquery, SCOPE 'bq://acme', SERVICE_ACCOUNT_JSON '{"k": "it''s"}')"#,
            #"ATTACH 'project=acme' AS "bq" (TYPE bigquery, READ_ONLY)"#,
        ])
        let snowflake = try JSONDecoder().decode(
            SnowflakeSettings.self, from: Data(#"{"account": "xy123", "username": "u", "password": "p'w", "warehouse": "wh"}"#.utf8))
        #expect(try CommunityAttachment.snowflake(name: "sf", settings: snowflake) == [
            #"CREATE SECRET "sf" (TYPE snowflake, ACCOUNT 'xy123', USER 'u', PASSWORD 'p''w', WAREHOUSE 'wh')"#,
            #"ATTACH '' AS "sf" (TYPE snowflake, SECRET "sf", READ_ONLY)"#,
        ])
        let keyPairOnly = try JSONDecoder().decode(SnowflakeSettings.self, from: Data(#"{"account": "a", "username": "u", "privateKey": "k"}"#.utf8))
        #expect(throws: DriverError.self) { try CommunityAttachment.snowflake(name: "sf", settings: keyPairOnly) }
    }

    @Test func aMissingLibraryIsUnavailable() async throws {
        let threads = BlockingExecutor(threads: 1)
        let driver = try DuckDBDriver(
            settings: DuckDBSettings(), runtime: DuckDBRuntime(library: "/nonexistent/libduckdb.so"), secrets: [],
            threads: threads)
        do {
            try await driver.test()
            Issue.record("a missing library worked")
        } catch let error as DriverError {
            guard case .unavailable(let message) = error else {
                Issue.record("got \(error)")
                return
            }
            #expect(message.contains("DuckDB"))
        }
        await driver.shutdown()
        await threads.shutdown()
    }

    @Test func attachmentSQLQuotesEveryValueAndName() throws {
        let settings = PostgresSettings(host: "db.example", port: 5432, databaseName: "it's", userName: "a\\b", password: "p'w")
        #expect(PostgresAttachment.statements(name: "x\"y", settings: settings) == [
            #"CREATE SECRET "x""y" (TYPE postgres, PASSWORD 'p''w')"#,
            #"ATTACH 'host=''db.example'' port=''5432'' dbname=''it\''s'' user=''a\\b'' connect_timeout=''10''' AS "x""y" (TYPE postgres, SECRET "x""y", READ_ONLY)"#,
        ])
        let uri = LibpqConnectionInfo(PostgresSettings(connectionString: "postgresql://bob:s%40cret@h1:5433,[::1]/my%20db?sslmode=require&password=x"))
        #expect(uri.password == "s@cret")
        #expect(uri.text == "user='bob' host='h1,::1' port='5433,' dbname='my db' sslmode='require'")
    }

    @Test func objectStoreSecretsFollowTheEndpoint() throws {
        let json = #"{"accessKeyId": "AK", "secretAccessKey": "s'k", "endpoint": "http://127.0.0.1:9000/", "sessionToken": "tok"}"#
        let s3 = try JSONDecoder().decode(S3Settings.self, from: Data(json.utf8))
        #expect(ObjectStoreSecret.s3(name: "lake", settings: s3) == """
            CREATE SECRET "lake" (TYPE s3, KEY_ID 'AK', SECRET 's''k', REGION 'us-east-1', ENDPOINT '127.0.0.1:9000', \
            URL_STYLE 'path', USE_SSL false, SESSION_TOKEN 'tok')
            """)
        let gcs = try JSONDecoder().decode(GCSSettings.self, from: Data(#"{"keyId": "GK", "secret": "gs"}"#.utf8))
        #expect(ObjectStoreSecret.gcs(name: "g", settings: gcs, endpoint: nil) == #"CREATE SECRET "g" (TYPE gcs, KEY_ID 'GK', SECRET 'gs')"#)
        #expect(ObjectStoreSecret.gcs(name: "g", settings: gcs, endpoint: "http://127.0.0.1:4443") == """
            CREATE SECRET "g" (TYPE gcs, KEY_ID 'GK', SECRET 'gs', ENDPOINT '127.0.0.1:4443', URL_STYLE 'path', USE_SSL false)
            """)
        #expect(ObjectStoreSecret.gcs(name: "g", settings: gcs, endpoint: "https://gcs.internal") == """
            CREATE SECRET "g" (TYPE gcs, KEY_ID 'GK', SECRET 'gs', ENDPOINT 'gcs.internal')
            """)
        #expect(ObjectStoreSecret.hostAndPort("https://s3.eu-west-1.amazonaws.com") == ("s3.eu-west-1.amazonaws.com", true))
    }

    @Test func environmentNamesTheRuntime() {
        let runtime = DuckDBRuntime.fromEnvironment([
            "SWITCHYARD_DUCKDB_LIBRARY": "/lib/duck.so", "SWITCHYARD_DUCKDB_PRELOAD": "", "SWITCHYARD_DUCKDB_EXTENSION_DIR": "/ext",
        ])
        #expect(runtime == DuckDBRuntime(library: "/lib/duck.so", preload: nil, extensionDirectory: "/ext"))
        #expect(DuckDBRuntime.fromEnvironment([:]) == nil)
    }
}
