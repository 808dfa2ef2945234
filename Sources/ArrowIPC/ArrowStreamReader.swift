/// Reads an Arrow IPC stream held in memory, one record batch at a time.
///
/// This is the format of Snowflake's `rowsetBase64` and result chunks. The
/// reader keeps a reference to the bytes (no copy) and decodes a batch only when
/// asked, so a large chunk is never expanded all at once.
///
/// ```swift
/// var reader = try ArrowStreamReader(bytes)
/// while let batch = try reader.nextBatch() { ... }
/// ```
public struct ArrowStreamReader: Sendable {
    /// The schema from the stream's first message.
    public let schema: ArrowSchema
    private var messages: MessageReader
    private var failure: ArrowError?

    /// Reads the stream's first message, which must be the schema.
    ///
    /// Throws ``ArrowError/truncated(_:)`` for an empty or cut-off stream and
    /// ``ArrowError/unsupported(_:)`` for schemas using dictionaries, big-endian
    /// data or types this reader does not decode.
    public init(_ bytes: [UInt8]) throws(ArrowError) {
        var messages = MessageReader(bytes)
        guard let first = try messages.next() else {
            throw .truncated("the stream ends before its schema")
        }
        guard case let .schema(table) = first.header else {
            throw .malformed("the stream does not start with a schema message")
        }
        self.schema = try SchemaDecoder.schema(table)
        self.messages = messages
    }

    /// The next record batch, or nil at the end of the stream.
    ///
    /// Batches of length zero are returned like any other. After an error, every
    /// later call throws the same error rather than resuming mid-stream.
    public mutating func nextBatch() throws(ArrowError) -> ArrowRecordBatch? {
        if let failure { throw failure }
        do {
            return try readBatch()
        } catch {
            failure = error
            throw error
        }
    }

    private mutating func readBatch() throws(ArrowError) -> ArrowRecordBatch? {
        guard let message = try messages.next() else { return nil }
        switch message.header {
        case let .recordBatch(table):
            return try BatchDecoder.batch(table, message: message, bytes: messages.bytes, schema: schema)
        case .schema:
            throw .malformed("a second schema message in the stream")
        case .dictionaryBatch:
            throw .unsupported("dictionary batches")
        case let .other(tag):
            throw .unsupported("message type \(tag) in a stream")
        }
    }
}
