import SwitchyardDrivers

/// Refuses what DuckDB's locked configuration still lets client SQL do, and what would undo
/// the sandbox:
/// - the functions that open connections of their own: the postgres extension's scans take a
///   connection string (so SQL could reach any server the machine can reach, with any
///   credentials), and `query`/`query_table` run SQL built from text;
/// - `CREATE SECRET` and `DROP SECRET`: a secret of the client's own could point `s3://` at any
///   host and port the machine can reach, and secrets are shared by every statement of the
///   connection;
/// - `DETACH`, which would take an attachment away from every statement of the connection.
/// Attachments stay usable by name. The check reads tokens, so comments, string literals and
/// quoted identifiers neither hide a call nor trigger a false one (a column named `query` or
/// `secret` is fine).
enum StatementGuard {
    static let refusedFunctions: Set<String> = [
        "postgres_scan", "postgres_scan_pushdown", "postgres_attach", "query", "query_table",
    ]
    /// Words that may stand between CREATE or DROP and SECRET.
    private static let secretModifiers: Set<String> = ["or", "replace", "persistent", "temporary", "temp"]

    static func check(_ sql: String) throws {
        let tokens = sqlTokens(sql)
        for (index, token) in tokens.enumerated() {
            guard case .word(let word) = token else { continue }
            if index + 1 < tokens.count, tokens[index + 1] == .open, refusedFunctions.contains(word) {
                throw DriverError.statementFailed(
                    "\(word)() is not allowed here; query the connection's attached databases by name instead")
            }
            let startsStatement = index == 0 || tokens[index - 1] == .end
            if startsStatement, word == "create" || word == "drop",
                tokens[(index + 1)...].first(where: { $0.word.map { !secretModifiers.contains($0) } ?? true })?.word == "secret"
            {
                throw DriverError.statementFailed(
                    "\(word.uppercased()) SECRET is not allowed here; the connection's attachments carry its credentials")
            }
            if startsStatement, word == "detach" {
                throw DriverError.statementFailed("DETACH is not allowed here; the connection's attachments are fixed by its settings")
            }
        }
    }
}

/// The parts of SQL text that matter for spotting function calls and statement starts: words
/// (identifiers, lower-cased; quoted ones unquoted), opening parentheses and `;`. Comments are
/// dropped; string literals (`'…'`, `$$…$$`) and everything else are `other`.
enum SQLToken: Equatable {
    case word(String)
    case open
    /// `;`, which ends a statement.
    case end
    case other

    var word: String? {
        if case .word(let word) = self { word } else { nil }
    }
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
        case ";":
            tokens.append(.end)
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
