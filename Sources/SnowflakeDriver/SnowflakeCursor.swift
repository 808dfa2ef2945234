import ArrowIPC
import Foundation
import HTTPDriverKit
import Synchronization
import SwitchyardDrivers

/// A statement's rows, one Arrow record batch (or one JSON chunk) per `next()`. The first
/// part comes inline with the answer (`rowsetBase64` or `rowset`); a large result's further
/// `chunks` are fetched one at a time as the reader asks for them, so a result of any size is
/// held a chunk at a time.
final class SnowflakeCursor: RowCursor {
    let columns: [ColumnInfo]
    private let fields: [SnowflakeColumn]
    private let transport: SnowflakeTransport
    private let chunkHeaders: [(String, String)]
    private let isArrow: Bool
    private let state: Mutex<State>

    private struct State {
        var reader: ArrowStreamReader?
        var jsonRows: [JSONNode] = []
        var chunks: [String]
    }

    init(_ data: JSONNode, transport: SnowflakeTransport) throws {
        fields = data["rowtype"]?.array?.compactMap(SnowflakeColumn.init) ?? []
        columns = fields.map(\.info)
        self.transport = transport
        isArrow = data["queryResultFormat"]?.string?.lowercased() != "json"
        var headers: [(String, String)] = []
        if case .object(let members)? = data["chunkHeaders"] {
            headers = members.compactMap { member in member.value.string.map { (member.key, $0) } }
        } else if let key = data["qrmk"]?.string {
            headers = [("x-amz-server-side-encryption-customer-algorithm", "AES256"), ("x-amz-server-side-encryption-customer-key", key)]
        }
        chunkHeaders = headers
        var state = State(chunks: data["chunks"]?.array?.compactMap { $0["url"]?.string } ?? [])
        if isArrow, let encoded = data["rowsetBase64"]?.string, !encoded.isEmpty {
            guard let bytes = Data(base64Encoded: encoded) else { throw DriverError.connectionFailed("Snowflake sent a result that is not base64") }
            state.reader = try Self.reader(Array(bytes))
        } else {
            state.jsonRows = data["rowset"]?.array ?? []
        }
        self.state = Mutex(state)
    }

    func next() async throws -> [[SQLValue]]? {
        while true {
            let (rows, chunk) = try state.withLock { state throws -> ([[SQLValue]]?, String?) in
                if !state.jsonRows.isEmpty {
                    defer { state.jsonRows = [] }
                    return (state.jsonRows.map(decode), nil)
                }
                if var reader = state.reader {
                    let batch = try Self.batch(&reader)
                    state.reader = batch == nil ? nil : reader
                    if let batch { return (decode(batch), nil) }
                }
                return (nil, state.chunks.isEmpty ? nil : state.chunks.removeFirst())
            }
            if let rows {
                if rows.isEmpty { continue }
                return rows
            }
            guard let chunk else { return nil }
            let bytes = try await transport.chunk(chunk, headers: chunkHeaders)
            try state.withLock { state in
                if isArrow {
                    state.reader = try Self.reader(bytes)
                } else {
                    state.jsonRows = try JSONNodeParser.parse(Array("[".utf8) + bytes + Array("]".utf8)).array ?? []
                }
            }
        }
    }

    func close() async {
        state.withLock { state in
            state.reader = nil
            state.jsonRows = []
            state.chunks = []
        }
    }

    private func decode(_ batch: ArrowRecordBatch) -> [[SQLValue]] {
        (0..<batch.length).map { row in
            fields.indices.map { index in index < batch.columns.count ? fields[index].value(batch.columns[index], row) : .null }
        }
    }

    private func decode(_ row: JSONNode) -> [SQLValue] {
        let cells = row.array ?? []
        return fields.indices.map { index in index < cells.count ? fields[index].value(text: cells[index].string) : .null }
    }

    private static func reader(_ bytes: [UInt8]) throws -> ArrowStreamReader {
        do {
            return try ArrowStreamReader(bytes)
        } catch {
            throw DriverError.connectionFailed("Snowflake sent a result that could not be read: \(error)")
        }
    }

    private static func batch(_ reader: inout ArrowStreamReader) throws -> ArrowRecordBatch? {
        do {
            return try reader.nextBatch()
        } catch {
            throw DriverError.connectionFailed("Snowflake sent a result that could not be read: \(error)")
        }
    }
}
