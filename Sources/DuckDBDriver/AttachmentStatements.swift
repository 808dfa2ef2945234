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

/// Credentials for object stores, as DuckDB secrets that httpfs picks for `s3://` and `gs://`
/// URLs.
enum ObjectStoreSecret {
    static func s3(name: String, settings: S3Settings) -> String {
        var options = ["TYPE s3"]
        if let key = settings.accessKeyId { options.append("KEY_ID \(SQLIdentifier.stringLiteral(key))") }
        if let secret = settings.secretAccessKey { options.append("SECRET \(SQLIdentifier.stringLiteral(secret))") }
        options.append("REGION \(SQLIdentifier.stringLiteral(settings.effectiveRegion))")
        if let endpoint = settings.endpoint {
            let (host, secure) = hostAndPort(endpoint)
            options.append("ENDPOINT \(SQLIdentifier.stringLiteral(host))")
            // Plain-HTTP endpoints are local emulators and gateways, which serve path-style URLs.
            if !secure { options += ["URL_STYLE 'path'", "USE_SSL false"] }
        }
        if let token = settings.sessionToken { options.append("SESSION_TOKEN \(SQLIdentifier.stringLiteral(token))") }
        return "CREATE SECRET \(SQLIdentifier.doubleQuoted(name)) (\(options.joined(separator: ", ")))"
    }

    static func gcs(name: String, settings: GCSSettings) -> String {
        var options = ["TYPE gcs"]
        if let key = settings.keyId { options.append("KEY_ID \(SQLIdentifier.stringLiteral(key))") }
        if let secret = settings.secret { options.append("SECRET \(SQLIdentifier.stringLiteral(secret))") }
        return "CREATE SECRET \(SQLIdentifier.doubleQuoted(name)) (\(options.joined(separator: ", ")))"
    }

    /// DuckDB wants `host[:port]` without scheme or path; the scheme says whether to use TLS.
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
