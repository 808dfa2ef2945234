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

    init(settings: DuckDBSettings) throws {
        for attached in settings.attachedDatabases ?? [] {
            let name = attached.name
            switch attached.target {
            case .bigquery, .snowflake:
                let kind = attached.target.typeName
                throw DriverError.unavailable(
                    "\"\(name)\" cannot be attached: the DuckDB \(kind) extension is not installed on this server")
            case .postgres(let postgres):
                need("postgres_scanner")
                steps += PostgresAttachment.statements(name: name, settings: postgres).map { Step(attachment: name, sql: $0) }
            case .s3(let s3):
                need("httpfs")
                steps.append(Step(attachment: name, sql: ObjectStoreSecret.s3(name: name, settings: s3)))
                allow(["s3://", "s3a://", "s3n://"])
            case .gcs(let gcs):
                need("httpfs")
                steps.append(Step(attachment: name, sql: ObjectStoreSecret.gcs(name: name, settings: gcs)))
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
        for name in extensions {
            do {
                try connection.run("LOAD \(name)")
            } catch {
                let reason = errors.scrub((error as? DuckDBFailure)?.message ?? "\(error)")
                if name == "motherduck" {
                    // The extension fetches its real self from MotherDuck when it loads.
                    throw DriverError.connectionFailed(
                        "MotherDuck could not be reached (this server needs outbound access to MotherDuck): \(reason)")
                }
                let shown = name == "postgres_scanner" ? "postgres" : name
                throw DriverError.unavailable("the DuckDB \(shown) extension is not installed on this server (\(reason))")
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

    private mutating func need(_ name: String) {
        if !extensions.contains(name) { extensions.append(name) }
    }

    private mutating func allow(_ prefixes: [String]) {
        for prefix in prefixes where !allowedDirectories.contains(prefix) { allowedDirectories.append(prefix) }
    }
}
