/// The framing and buffer layout of a written stream, read with a few lines of flatbuffer
/// walking written for the tests, independent of the module's reader, so alignment and
/// padding are checked against the IPC format rather than against what the reader tolerates.
struct WriterMessageLayout {
    struct Message {
        /// The int32 after the continuation marker: metadata plus its padding.
        let metadataLength: Int
        let version: Int
        /// 1 for Schema, 3 for RecordBatch.
        let headerType: Int
        let bodyLength: Int
        /// A record batch's buffers as (offset, length) in its body; empty for a schema.
        let buffers: [(offset: Int, length: Int)]
        /// Whether the Message table and its header table, by the sizes their vtables state,
        /// end inside the metadata.
        let tablesInside: Bool
    }

    let messages: [Message]
    /// Whether the stream ends with the marker and a zero length, and nothing after it.
    let endsWithMarker: Bool

    init(_ stream: [UInt8]) {
        var messages: [Message] = []
        var position = 0
        while position + 8 <= stream.count, Self.word(stream, position) == 0xFFFF_FFFF {
            let length = Self.word(stream, position + 4)
            guard length != 0 else { break }
            let metadata = Array(stream[(position + 8)..<(position + 8 + length)])
            let message = Self.message(metadata, metadataLength: length)
            messages.append(message)
            position += 8 + length + message.bodyLength
        }
        self.messages = messages
        endsWithMarker = position + 8 == stream.count && Self.word(stream, position + 4) == 0
    }

    private static func message(_ bytes: [UInt8], metadataLength: Int) -> Message {
        let root = word(bytes, 0)
        let header = table(bytes, root, slot: 2).map { $0 + word(bytes, $0) }
        var buffers: [(Int, Int)] = []
        if let header, let field = table(bytes, header, slot: 2) {
            let vector = field + word(bytes, field)
            for index in 0..<word(bytes, vector) {
                let element = vector + 4 + 16 * index
                buffers.append((long(bytes, element), long(bytes, element + 8)))
            }
        }
        return Message(
            metadataLength: metadataLength,
            version: table(bytes, root, slot: 0).map { Int(bytes[$0]) | Int(bytes[$0 + 1]) << 8 } ?? 0,
            headerType: table(bytes, root, slot: 1).map { Int(bytes[$0]) } ?? 0,
            bodyLength: table(bytes, root, slot: 3).map { long(bytes, $0) } ?? 0,
            buffers: buffers,
            tablesInside: [root, header ?? root].allSatisfy { $0 + tableSize(bytes, $0) <= metadataLength })
    }

    /// The position of field `slot` of the table at `table`, or nil when absent.
    private static func table(_ bytes: [UInt8], _ table: Int, slot: Int) -> Int? {
        let vtable = table - Int(Int32(truncatingIfNeeded: word(bytes, table)))
        let vtableSize = Int(bytes[vtable]) | Int(bytes[vtable + 1]) << 8
        guard 4 + 2 * slot < vtableSize else { return nil }
        let offset = Int(bytes[vtable + 4 + 2 * slot]) | Int(bytes[vtable + 5 + 2 * slot]) << 8
        return offset == 0 ? nil : table + offset
    }

    /// The table's own size, the vtable's second entry.
    private static func tableSize(_ bytes: [UInt8], _ table: Int) -> Int {
        let vtable = table - Int(Int32(truncatingIfNeeded: word(bytes, table)))
        return Int(bytes[vtable + 2]) | Int(bytes[vtable + 3]) << 8
    }

    private static func word(_ bytes: [UInt8], _ position: Int) -> Int {
        (0..<4).reduce(0) { $0 | Int(bytes[position + $1]) << (8 * $1) }
    }

    private static func long(_ bytes: [UInt8], _ position: Int) -> Int {
        word(bytes, position) | word(bytes, position + 4) << 32
    }
}
