import ArgumentParser
import Foundation
import HTTPDriverKit

/// `switchyard query PROJECT CONNECTION SQL`: the rows as the server streams them (NDJSON),
/// written as they come in the format asked for. On a terminal, standard error shows the rows
/// so far; Ctrl-C ends the command, which closes the connection, and the server cancels the
/// statement in the database.
struct Query: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a SQL statement through a connection.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table, json, ndjson, csv
    }

    @OptionGroup var client: ClientOptions
    @Option(help: "table (default; read whole, then aligned), json (an array), ndjson (a line per row) or csv (RFC 4180, with a header).")
    var format: Format = .table
    @OptionGroup var connection: ConnectionAddress
    @Argument(help: "The statement.") var sql: String

    func run() async throws {
        let path = connection.path + "/sqlQuery"
        let json = try JSONSerialization.data(withJSONObject: ["sqlStatement": sql])
        var printer = RowPrinter(format: format)
        let progress = Progress(enabled: Output.errorIsTerminal)
        try await APIClient.with(client) { api in
            try await api.streamLines(path, json: json, accept: "application/x-ndjson") { line in
                guard !line.isEmpty else { return }
                let row = try JSONNodeParser.parse(Array(line))
                if let failure = row["error"]?["message"]?.string {
                    throw APIFailure(status: nil, message: "the statement failed after \(printer.rows) rows: \(failure)")
                }
                printer.add(row, line: line)
                progress.show(printer.rows)
            }
        }
        progress.clear()
        printer.finish()
    }
}

/// Rows so far, on standard error, at most a few times a second.
final class Progress {
    private let enabled: Bool
    private var shown = ContinuousClock.now

    init(enabled: Bool) { self.enabled = enabled }

    func show(_ rows: Int) {
        guard enabled, ContinuousClock.now - shown > .milliseconds(250) else { return }
        shown = .now
        Output.note("\r\(rows) rows…")
    }

    func clear() {
        if enabled { Output.note("\r\u{1B}[K") }
    }
}

/// Writes rows in one format: streamed for ndjson, json and csv; gathered for table.
struct RowPrinter {
    let format: Query.Format
    private(set) var rows = 0
    private var columns: [String] = []
    private var table: [[String]] = []

    init(format: Query.Format) { self.format = format }

    mutating func add(_ row: JSONNode, line: ArraySlice<UInt8>) {
        guard case .object(let members) = row else { return }
        defer { rows += 1 }
        switch format {
        case .ndjson:
            Output.write(bytes: line)
            Output.write("\n")
        case .json:
            Output.write(rows == 0 ? "[\n" : ",\n")
            Output.write(bytes: line)
        case .csv:
            if rows == 0 { Output.write(members.map { Self.csvField($0.key) }.joined(separator: ",") + "\r\n") }
            Output.write(members.map { Self.csvField(Self.plain($0.value)) }.joined(separator: ",") + "\r\n")
        case .table:
            if rows == 0 { columns = members.map(\.key) }
            table.append(members.map { Self.plain($0.value) })
        }
    }

    func finish() {
        switch format {
        case .ndjson, .csv: break
        case .json: Output.write(rows == 0 ? "[]\n" : "\n]\n")
        case .table:
            guard !columns.isEmpty else {
                Output.write("(\(rows) rows)\n")
                return
            }
            let widths = columns.indices.map { index in
                ([columns[index]] + table.map { $0[index] }).map(\.count).max() ?? 0
            }
            func line(_ cells: [String]) -> String {
                zip(cells, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: " | ")
            }
            var text = line(columns) + "\n" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "-+-") + "\n"
            for row in table { text += line(row) + "\n" }
            text += "(\(rows) \(rows == 1 ? "row" : "rows"))\n"
            Output.write(text)
        }
    }

    /// A value as a person reads it: text unquoted, null empty, numbers with every digit,
    /// nested values as JSON.
    static func plain(_ value: JSONNode) -> String {
        switch value {
        case .null: ""
        case .string(let text): text
        case .number(let digits): digits
        case .bool(let flag): flag ? "true" : "false"
        case .array, .object: value.text
        }
    }

    /// RFC 4180: quoted when it holds a comma, a quote or a line break, quotes doubled.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
