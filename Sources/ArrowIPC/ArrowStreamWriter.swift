/// Writes rows as an Arrow IPC stream (`application/vnd.apache.arrow.stream`), one record
/// batch at a time, so a result can be sent while the database still produces it.
///
/// A stream is ``schemaMessage()``, then any number of ``recordBatch(rows:)`` messages, then
/// ``endOfStream``; the writer keeps no state between them, so the caller decides when each
/// part is sent. Messages use metadata version V5, little-endian data, no compression and no
/// dictionaries, and every buffer is 8-byte aligned, which any Arrow reader accepts.
///
/// ```swift
/// let writer = try ArrowStreamWriter(fields: [.init(name: "id", type: .int64, nullable: false)])
/// send(writer.schemaMessage())
/// for rows in batches { send(try writer.recordBatch(rows: rows)) }
/// send(ArrowStreamWriter.endOfStream)
/// ```
public struct ArrowStreamWriter: Sendable {
    /// The columns, in the order of each row's cells.
    public let fields: [ArrowWriteField]
    private let schema: [UInt8]

    /// Checks the fields and prepares the schema message.
    ///
    /// Throws ``ArrowWriteError/unsupportedField(column:reason:)`` for a decimal whose
    /// precision is outside 1...38 or whose scale does not fit 32 bits, which Arrow cannot declare.
    public init(fields: [ArrowWriteField]) throws(ArrowWriteError) {
        for field in fields {
            guard case let .decimal128(precision, scale) = field.type else { continue }
            guard (1...38).contains(precision) else {
                throw .unsupportedField(column: field.name, reason: "decimal precision \(precision) is not in 1...38")
            }
            guard Int32(exactly: scale) != nil else {
                throw .unsupportedField(column: field.name, reason: "decimal scale \(scale) does not fit 32 bits")
            }
        }
        self.fields = fields
        self.schema = Self.header(ArrowWriteMetadata.schema(fields))
    }

    /// The encapsulated Schema message that opens the stream: the continuation marker
    /// 0xFFFFFFFF, the int32 metadata length, the flatbuffer `Message` padded to 8 bytes,
    /// and no body.
    public func schemaMessage() -> [UInt8] {
        schema
    }

    /// One encapsulated RecordBatch message holding `rows`, each with one cell per field in
    /// field order; an empty array gives a valid batch of zero rows.
    ///
    /// Throws ``ArrowWriteError`` naming the column and row of the first cell that does not
    /// fit: a case of another type, a null in a non-nullable column, or a value out of range.
    /// Nothing is written then, so the caller can end the stream cleanly or send an error.
    public func recordBatch(rows: [[ArrowWriteValue]]) throws(ArrowWriteError) -> [UInt8] {
        let bodyLength = try ArrowWriteBody.length(of: rows, fields: fields)
        // Metadata of the same shape with zeros in place of the counts has the same size,
        // which reserves the header's room in front of the body.
        let placeholder = ArrowWriteMetadata.recordBatch(
            length: rows.count,
            nodes: Array(repeating: (0, 0), count: fields.count),
            buffers: Array(repeating: (0, 0), count: fields.reduce(0) { $0 + ArrowWriteBody.bufferCount($1.type) }),
            bodyLength: 0)
        var body = ArrowWriteBody(
            headerSpace: Self.header(placeholder).count,
            bodyCapacity: bodyLength,
            columns: fields.count)
        for (column, field) in fields.enumerated() {
            try body.appendColumn(column, of: rows, field: field)
        }
        body.finish()
        assert(body.length == bodyLength, "the body was measured at \(bodyLength) bytes but is \(body.length)")
        let metadata = ArrowWriteMetadata.recordBatch(
            length: rows.count, nodes: body.nodes, buffers: body.buffers, bodyLength: body.length)
        return body.message(header: Self.header(metadata))
    }

    /// The end-of-stream marker: the continuation marker, then a metadata length of zero.
    public static var endOfStream: [UInt8] {
        [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]
    }

    /// The start of a message: marker, metadata length, then the metadata padded to 8 bytes;
    /// the body follows.
    private static func header(_ metadata: [UInt8]) -> [UInt8] {
        let padded = metadata.count + ArrowWriteBody.padding(after: metadata.count)
        var header: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]
        header.reserveCapacity(8 + padded)
        withUnsafeBytes(of: Int32(padded).littleEndian) { header += $0 }
        header += metadata
        header += repeatElement(0, count: padded - metadata.count)
        return header
    }
}
