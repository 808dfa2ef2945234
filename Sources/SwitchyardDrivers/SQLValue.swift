import Foundation

/// One value of a result row, typed so that it maps to JSON without loss.
public enum SQLValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// Any integer that fits 64 bits (smallint … bigint, unsigned up to Int64.max).
    case integer(Int64)
    /// Integers beyond 64 bits (hugeint, unsigned bigint above Int64.max), as decimal text.
    case bigInteger(String)
    case double(Double)
    /// Exact numerics, as the database prints them (e.g. `12345.6789`); never rounded.
    case decimal(String)
    case string(String)
    /// `YYYY-MM-DD`.
    case date(String)
    /// `HH:MM:SS[.ffffff]`.
    case time(String)
    /// ISO 8601: `YYYY-MM-DDTHH:MM:SS[.ffffff]`, with `Z` or an offset when the type has a zone.
    case timestamp(String)
    /// A timestamp as microseconds since 1970-01-01T00:00:00, in UTC when `utc`, from engines
    /// that send a count: written as the `.timestamp` text it stands for (`Z` when `utc`), but
    /// only when a result is encoded, straight into the output, and taken by Arrow as it is.
    case timestampMicros(Int64, utc: Bool)
    case bytes([UInt8])
    /// JSON text the database produced (json, jsonb, lists, structs, maps); embedded as is.
    case json(String)
}

/// Failures a client can act on, with messages that never contain secrets.
public enum DriverError: Error, Equatable, Sendable {
    /// Could not connect or sign in.
    case connectionFailed(String)
    /// The database refused the statement (bad SQL, missing table, permission).
    case statementFailed(String)
    /// The engine or one of its extensions is not available on this server.
    case unavailable(String)
    /// The statement ran longer than allowed and was cancelled.
    case timedOut

    public var message: String {
        switch self {
        case .connectionFailed(let message), .statementFailed(let message), .unavailable(let message): message
        case .timedOut: "the statement ran longer than allowed and was cancelled"
        }
    }
}

/// Quoting of identifiers, for the few statements that must name a schema or table.
public enum SQLIdentifier {
    /// `"name"` with inner double quotes doubled (PostgreSQL, DuckDB, standard SQL).
    public static func doubleQuoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `` `name` `` with inner backticks doubled (MySQL, MariaDB).
    public static func backquoted(_ name: String) -> String {
        "`" + name.replacingOccurrences(of: "`", with: "``") + "`"
    }

    /// `'text'` with inner single quotes doubled: a SQL string literal.
    public static func stringLiteral(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}

extension DriverError {
    /// The database's own message with every secret of the connection cut out, for errors
    /// that quote a connection string or a password back.
    public static func scrub(_ message: String, removing secrets: [String]) -> String {
        secrets.filter { $0.count >= 3 }.sorted { $0.count > $1.count }.reduce(message) {
            $0.replacingOccurrences(of: $1, with: "[secret]")
        }
    }
}
