import Foundation
import SwitchyardCore
import SwitchyardDrivers

/// `CREATE SECRET` and `ATTACH` for a PostgreSQL database, attached read-only. Every value is
/// a quoted SQL literal and every name a quoted identifier.
enum PostgresAttachment {
    static func statements(name: String, settings: PostgresSettings) -> [String] {
        let info = LibpqConnectionInfo(settings)
        var statements: [String] = []
        var options = ["TYPE postgres"]
        if let password = info.password {
            statements.append(
                "CREATE SECRET \(SQLIdentifier.doubleQuoted(name)) (TYPE postgres, PASSWORD \(SQLIdentifier.stringLiteral(password)))")
            options.append("SECRET \(SQLIdentifier.doubleQuoted(name))")
        }
        options.append("READ_ONLY")
        statements.append(
            "ATTACH \(SQLIdentifier.stringLiteral(info.text)) AS \(SQLIdentifier.doubleQuoted(name)) (\(options.joined(separator: ", ")))")
        return statements
    }
}

/// BigQuery and Snowflake through DuckDB's community extensions (used only when an operator has
/// put the extension in the extension directory): the credentials in a secret, the database
/// attached read-only under the attachment's name.
enum CommunityAttachment {
    static func bigquery(name: String, settings: BigQuerySettings) throws -> [String] {
        guard let project = settings.defaultProjectId ?? settings.billingProjectId, let key = settings.serviceAccountKeyJson else {
            throw DriverError.connectionFailed("\"\(name)\" needs a project and a service-account key to attach BigQuery")
        }
        let secret = SQLIdentifier.doubleQuoted(name)
        return [
            "CREATE SECRET \(secret) (TYPE bigquery, SCOPE \(SQLIdentifier.stringLiteral("bq://" + project)), SERVICE_ACCOUNT_JSON \(SQLIdentifier.stringLiteral(key)))",
            "ATTACH \(SQLIdentifier.stringLiteral("project=" + project)) AS \(secret) (TYPE bigquery, READ_ONLY)",
        ]
    }

    static func snowflake(name: String, settings: SnowflakeSettings) throws -> [String] {
        guard let password = settings.password else {
            throw DriverError.unavailable(
                "\"\(name)\" cannot be attached: DuckDB's snowflake extension is given password logins only; use a snowflake connection for a key pair")
        }
        let fields: [(String, String?)] = [
            ("ACCOUNT", settings.account), ("USER", settings.username), ("PASSWORD", password),
            ("DATABASE", settings.database), ("WAREHOUSE", settings.warehouse), ("ROLE", settings.role),
        ]
        let options = fields.compactMap { key, value in value.map { "\(key) \(SQLIdentifier.stringLiteral($0))" } }
        let secret = SQLIdentifier.doubleQuoted(name)
        return [
            "CREATE SECRET \(secret) (TYPE snowflake, \(options.joined(separator: ", ")))",
            "ATTACH '' AS \(secret) (TYPE snowflake, SECRET \(secret), READ_ONLY)",
        ]
    }
}

/// Credentials for object stores, as DuckDB secrets that httpfs picks for `s3://` and `gs://`
/// URLs.
enum ObjectStoreSecret {
    static func s3(name: String, settings: S3Settings) -> String {
        var options = ["TYPE s3"]
        if let key = settings.accessKeyId { options.append("KEY_ID \(SQLIdentifier.stringLiteral(key))") }
        if let secret = settings.secretAccessKey { options.append("SECRET \(SQLIdentifier.stringLiteral(secret))") }
        options.append("REGION \(SQLIdentifier.stringLiteral(settings.effectiveRegion))")
        if let endpoint = settings.endpoint { options += endpointOptions(endpoint) }
        if let token = settings.sessionToken { options.append("SESSION_TOKEN \(SQLIdentifier.stringLiteral(token))") }
        return "CREATE SECRET \(SQLIdentifier.doubleQuoted(name)) (\(options.joined(separator: ", ")))"
    }

    /// `endpoint` replaces Google's host for every GCS secret (the operator's setting, since a
    /// GCS attachment has no endpoint of its own).
    static func gcs(name: String, settings: GCSSettings, endpoint: String?) -> String {
        var options = ["TYPE gcs"]
        if let key = settings.keyId { options.append("KEY_ID \(SQLIdentifier.stringLiteral(key))") }
        if let secret = settings.secret { options.append("SECRET \(SQLIdentifier.stringLiteral(secret))") }
        if let endpoint { options += endpointOptions(endpoint) }
        return "CREATE SECRET \(SQLIdentifier.doubleQuoted(name)) (\(options.joined(separator: ", ")))"
    }

    /// DuckDB wants `host[:port]` without scheme or path. Plain-HTTP endpoints are local
    /// emulators and gateways, which serve path-style URLs.
    static func endpointOptions(_ endpoint: String) -> [String] {
        let (host, secure) = hostAndPort(endpoint)
        return ["ENDPOINT \(SQLIdentifier.stringLiteral(host))"] + (secure ? [] : ["URL_STYLE 'path'", "USE_SSL false"])
    }

    /// The scheme says whether to use TLS; without one, TLS.
    static func hostAndPort(_ endpoint: String) -> (String, secure: Bool) {
        var rest = Substring(endpoint)
        var secure = true
        if let schemeEnd = rest.range(of: "://") {
            secure = rest[..<schemeEnd.lowerBound].lowercased() != "http"
            rest = rest[schemeEnd.upperBound...]
        }
        return (String(rest.prefix { $0 != "/" }), secure)
    }
}
