import SwitchyardCore
import SwitchyardDrivers

/// What runs on a new database before any client SQL: the extensions its attachments need,
/// the attachments themselves, then the sandbox. Built from the settings alone, so a
/// configuration this server cannot serve fails when the driver is made.
struct SetupPlan: Sendable {
    struct Step: Sendable {
        let attachment: String
        let sql: String
    }

    private(set) var extensions: [String] = []
    private(set) var steps: [Step] = []
    /// URL prefixes the sandbox still lets DuckDB read and write (object stores' schemes).
    private(set) var allowedDirectories: [String] = []

    /// DuckDB's community extensions (BigQuery, Snowflake) have no package here: an operator
    /// who has one puts its file in the extension directory, and only then may DuckDB load
    /// community-signed files.
    static let communityExtensions: Set<String> = ["bigquery", "snowflake"]
    var needsCommunityExtensions: Bool { !Self.communityExtensions.isDisjoint(with: extensions) }

    /// `gcsEndpoint` (`SWITCHYARD_GCS_URL`) sends every GCS attachment to that host instead of
    /// Google's: path-style URLs, TLS only for an https URL.
    init(settings: DuckDBSettings, gcsEndpoint: String? = nil) throws {
        for attached in settings.attachedDatabases ?? [] {
            let name = attached.name
            switch attached.target {
            case .bigquery(let bigquery):
                need("bigquery")
                steps += try CommunityAttachment.bigquery(name: name, settings: bigquery).map { Step(attachment: name, sql: $0) }
            case .snowflake(let snowflake):
                need("snowflake")
                steps += try CommunityAttachment.snowflake(name: name, settings: snowflake).map { Step(attachment: name, sql: $0) }
            case .postgres(let postgres):
                need("postgres_scanner")
                steps += PostgresAttachment.statements(name: name, settings: postgres).map { Step(attachment: name, sql: $0) }
            case .s3(let s3):
                need("httpfs")
                steps.append(Step(attachment: name, sql: ObjectStoreSecret.s3(name: name, settings: s3)))
                allow(["s3://", "s3a://", "s3n://"])
            case .gcs(let gcs):
                need("httpfs")
                steps.append(Step(attachment: name, sql: ObjectStoreSecret.gcs(name: name, settings: gcs, endpoint: gcsEndpoint)))
                allow(["gcs://", "gs://"])
            }
        }
    }

    /// A MotherDuck database through DuckDB's `motherduck` extension: the token goes into a
    /// secret (never into a string that `duckdb_databases()` or an error could show), then
    /// `md:<database>` is attached and made the default.
    init(motherDuck settings: MotherDuckSettings) {
        need("motherduck")
        let token = SQLIdentifier.stringLiteral(settings.accessToken ?? "")
        let target = SQLIdentifier.stringLiteral("md:" + (settings.database ?? ""))
        steps = [
            Step(attachment: "motherduck", sql: "CREATE SECRET switchyard_motherduck (TYPE motherduck, TOKEN \(token))"),
            Step(attachment: "motherduck", sql: "ATTACH \(target)"),
        ]
    }

    /// The statements that lock the database down. After them no statement can reach a file of
    /// this server, load or install an extension, attach another database, or change a setting.
    var sandbox: [String] {
        var statements: [String] = []
        if !allowedDirectories.isEmpty {
            let list = allowedDirectories.map(SQLIdentifier.stringLiteral).joined(separator: ", ")
            statements.append("SET allowed_directories = [\(list)]")
        }
        return statements + ["SET enable_external_access = false", "SET lock_configuration = true"]
    }

    func apply(on connection: DuckDBConnection, errors: ErrorMapper) throws {
        let installed = try installedExtensions(connection)
        for name in extensions {
            let shown = name == "postgres_scanner" ? "postgres" : name
            guard installed.contains(name) else {
                throw DriverError.unavailable(
                    "the DuckDB \(shown) extension is not installed on this server (no \(name).duckdb_extension in its extension directory)")
            }
            do {
                try connection.run("LOAD \(name)")
            } catch {
                let reason = errors.scrub((error as? DuckDBFailure)?.message ?? "\(error)")
                if name == "motherduck" {
                    // The extension fetches its real self from MotherDuck when it loads.
                    throw DriverError.connectionFailed(
                        "MotherDuck could not be reached (this server needs outbound access to MotherDuck): \(reason)")
                }
                throw DriverError.unavailable("the DuckDB \(shown) extension on this server could not be loaded: \(reason)")
            }
        }
        for step in steps {
            do {
                try connection.run(step.sql)
            } catch {
                let reason = errors.scrub((error as? DuckDBFailure)?.message ?? "\(error)")
                throw DriverError.connectionFailed("could not attach \"\(step.attachment)\": \(reason)")
            }
        }
        do {
            for statement in sandbox { try connection.run(statement) }
        } catch {
            throw DriverError.connectionFailed("could not lock down the DuckDB database: \((error as? DuckDBFailure)?.message ?? "\(error)")")
        }
    }

    /// What the extension directory holds, asked before the sandbox closes it.
    private func installedExtensions(_ connection: DuckDBConnection) throws -> Set<String> {
        guard !extensions.isEmpty else { return [] }
        let rows = try connection.rows("SELECT extension_name FROM duckdb_extensions() WHERE installed")
        return Set(rows.compactMap { if case .string(let name)? = $0.first { name } else { nil } })
    }

    private mutating func need(_ name: String) {
        if !extensions.contains(name) { extensions.append(name) }
    }

    private mutating func allow(_ prefixes: [String]) {
        for prefix in prefixes where !allowedDirectories.contains(prefix) { allowedDirectories.append(prefix) }
    }
}
