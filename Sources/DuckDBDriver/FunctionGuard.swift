import SwitchyardDrivers

/// Refuses statements that call the few functions that open connections of their own, which
/// DuckDB's locked configuration still allows: the postgres extension's scans take a
/// connection string (so SQL could reach any server the machine can reach, with any
/// credentials), and `query`/`query_table` run SQL built from text. Attachments stay usable
/// by name. The check reads tokens, so comments, string literals and quoted identifiers
/// neither hide a call nor trigger a false one (a column named `query` is fine).
enum FunctionGuard {
    static let refused: Set<String> = [
        "postgres_scan", "postgres_scan_pushdown", "postgres_attach", "query", "query_table",
    ]

    static func check(_ sql: String) throws {
        let tokens = sqlTokens(sql)
        for (index, token) in tokens.enumerated() where index + 1 < tokens.count && tokens[index + 1] == .open {
            if case .word(let name) = token, refused.contains(name) {
                throw DriverError.statementFailed(
                    "\(name)() is not allowed here; query the connection's attached databases by name instead")
            }
        }
    }
}

/// The parts of SQL text that matter for spotting function calls: words (identifiers,
/// lower-cased; quoted ones unquoted) and opening parentheses. Comments, string literals
/// (`'…'`, `$$…$$`) and everything else are dropped.
enum SQLToken: Equatable {
    case word(String)
    case open
    case other
}

func sqlTokens(_ sql: String) -> [SQLToken] {
    let text = Array(sql.unicodeScalars)
    var tokens: [SQLToken] = []
    var index = 0
    func skip(past end: String) {
        let terminator = Array(end.unicodeScalars)
        while index < text.count {
            if text[index...].starts(with: terminator) {
                index += terminator.count
                return
            }
            index += 1
        }
    }
    while index < text.count {
        let scalar = text[index]
        switch scalar {
        case "-" where text[index...].starts(with: ["-", "-"]):
            skip(past: "\n")
        case "/" where text[index...].starts(with: ["/", "*"]):
            index += 2
            skip(past: "*/")
        case "'":
            index += 1
            while index < text.count {  // '' is an escaped quote
                if text[index] == "'" {
                    if index + 1 < text.count, text[index + 1] == "'" { index += 2; continue }
                    index += 1
                    break
                }
                index += 1
            }
            tokens.append(.other)
        case "$" where text[index...].starts(with: ["$", "$"]):
            index += 2
            skip(past: "$$")
            tokens.append(.other)
        case "\"":
            index += 1
            var name = ""
            while index < text.count {
                if text[index] == "\"" {
                    if index + 1 < text.count, text[index + 1] == "\"" { name += "\""; index += 2; continue }
                    index += 1
                    break
                }
                name.unicodeScalars.append(text[index])
                index += 1
            }
            tokens.append(.word(name.lowercased()))
        case "(":
            tokens.append(.open)
            index += 1
        case _ where scalar.properties.isWhitespace:
            index += 1
        case _ where scalar == "_" || scalar.properties.isAlphabetic:
            var name = ""
            while index < text.count,
                text[index] == "_" || text[index] == "$" || text[index].properties.isAlphabetic
                    || text[index].properties.numericType != nil
            {
                name.unicodeScalars.append(text[index])
                index += 1
            }
            tokens.append(.word(name.lowercased()))
        default:
            tokens.append(.other)
            index += 1
        }
    }
    return tokens
}
