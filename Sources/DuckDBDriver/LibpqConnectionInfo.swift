import Foundation
import SwitchyardCore

/// A libpq `key='value'` connection string for a PostgreSQL attachment, with the password kept
/// apart: DuckDB shows an attached database's connection string to any query
/// (`duckdb_databases().path`), so the password goes into a DuckDB secret instead.
struct LibpqConnectionInfo: Equatable {
    /// The connection string without a password; values quoted the way libpq reads them.
    let text: String
    let password: String?

    init(_ settings: PostgresSettings) {
        if let given = settings.connectionString, let parsed = ConnectionString(given) {
            password = parsed.password ?? settings.password
            let stripped = parsed.withoutPassword.text
            text = given.contains("://") ? Self.render(Self.uriPairs(stripped)) : stripped
        } else {
            password = settings.password
            var pairs: [(String, String)] = []
            if let host = settings.host { pairs.append(("host", host)) }
            if let port = settings.port { pairs.append(("port", String(port))) }
            if let database = settings.databaseName { pairs.append(("dbname", database)) }
            if let user = settings.userName { pairs.append(("user", user)) }
            // libpq waits forever for an unreachable host unless told otherwise.
            pairs.append(("connect_timeout", "10"))
            text = Self.render(pairs)
        }
    }

    static func render(_ pairs: [(String, String)]) -> String {
        pairs.map { key, value in
            "\(key)='" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        }.joined(separator: " ")
    }

    /// The keywords a `postgresql://user@host1:5432,host2/db?sslmode=require` URI stands for,
    /// since a secret's keywords cannot be combined with a URI.
    static func uriPairs(_ uri: String) -> [(String, String)] {
        guard let schemeEnd = uri.range(of: "://") else { return [] }
        var rest = uri[schemeEnd.upperBound...].prefix { $0 != "#" }
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var database: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            database = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var pairs: [(String, String)] = []
        if let at = rest.lastIndex(of: "@") {
            let user = rest[..<at].split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            if !user.isEmpty { pairs.append(("user", decode(user))) }
            rest = rest[rest.index(after: at)...]
        }
        let hosts = rest.split(separator: ",").map(splitHostPort)
        if !hosts.isEmpty {
            pairs.append(("host", hosts.map(\.host).joined(separator: ",")))
            if hosts.contains(where: { !$0.port.isEmpty }) { pairs.append(("port", hosts.map(\.port).joined(separator: ","))) }
        }
        if !database.isEmpty { pairs.append(("dbname", decode(database))) }
        for item in query.split(separator: "&") {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = parts.first, key != "password" else { continue }
            pairs.append((decode(key), parts.count > 1 ? decode(parts[1]) : ""))
        }
        return pairs
    }

    /// `host:port`, `[v6::address]:port` or a bare host.
    private static func splitHostPort(_ spec: Substring) -> (host: String, port: String) {
        if spec.hasPrefix("["), let close = spec.firstIndex(of: "]") {
            let after = spec[spec.index(after: close)...]
            return (String(spec[spec.index(after: spec.startIndex)..<close]), after.hasPrefix(":") ? String(after.dropFirst()) : "")
        }
        guard let colon = spec.lastIndex(of: ":") else { return (decode(spec), "") }
        return (decode(spec[..<colon]), String(spec[spec.index(after: colon)...]))
    }

    private static func decode(_ text: Substring) -> String {
        String(text).removingPercentEncoding ?? String(text)
    }
}
