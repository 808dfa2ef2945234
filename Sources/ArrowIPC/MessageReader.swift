/// One encapsulated IPC message: its decoded header and where its body lies in the stream.
struct IPCMessage {
    enum Header {
        case schema(FlatTable)
        case recordBatch(FlatTable)
        case dictionaryBatch
        case other(UInt8)
    }

    let header: Header
    /// Absolute position of the body in the stream bytes.
    let bodyStart: Int
    let bodyLength: Int
}

/// Walks the encapsulated messages of a stream, one at a time.
///
/// Framing: an optional 0xFFFFFFFF continuation marker (absent in the pre-0.15
/// legacy format), an int32 metadata length, the flatbuffer `Message` padded to
/// 8 bytes, then `bodyLength` body bytes. A zero length or the end of the bytes
/// ends the stream.
struct MessageReader: Sendable {
    let bytes: [UInt8]
    private(set) var position = 0
    private(set) var finished = false

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The next message, or nil at the end-of-stream marker or the end of the bytes.
    mutating func next() throws(ArrowError) -> IPCMessage? {
        guard !finished else { return nil }
        guard position < bytes.count else {
            finished = true
            return nil
        }
        var lengthPosition = position
        if try word(at: position) == 0xFFFF_FFFF {
            lengthPosition += 4
        }
        let metadataLength = Int(Int32(bitPattern: try word(at: lengthPosition)))
        let metadataStart = lengthPosition + 4
        if metadataLength == 0 {
            finished = true
            position = metadataStart
            return nil
        }
        guard metadataLength > 0 else {
            throw .malformed("negative message metadata length \(metadataLength) at byte \(position)")
        }
        guard metadataLength <= bytes.count - metadataStart else {
            throw .truncated("message metadata of \(metadataLength) bytes at byte \(metadataStart)")
        }
        let metadata = FlatBuffer(bytes: bytes, start: metadataStart, end: metadataStart + metadataLength)
        let message = try decode(metadata.root(), bodyStart: metadataStart + metadataLength)
        position = message.bodyStart + message.bodyLength
        return message
    }

    /// Reads the `Message` table: version (0), header_type (1), header (2), bodyLength (3).
    private func decode(_ table: FlatTable, bodyStart: Int) throws(ArrowError) -> IPCMessage {
        // MetadataVersion V4 = 3 (used by the legacy format) and V5 = 4 share this layout.
        let version = try table.scalar(0, default: Int16(0))
        guard version == 3 || version == 4 else {
            throw .unsupported("metadata version \(Int(version) + 1)")
        }
        let bodyLength = Int(try table.scalar(3, default: Int64(0)))
        guard bodyLength >= 0 else { throw .malformed("negative message body length \(bodyLength)") }
        guard bodyLength <= bytes.count - bodyStart else {
            throw .truncated("message body of \(bodyLength) bytes at byte \(bodyStart)")
        }
        let tag = try table.scalar(1, default: UInt8(0))
        let header: IPCMessage.Header
        switch tag {
        case 1, 3:
            guard let headerTable = try table.table(2) else {
                throw .malformed("message at byte \(position) has no header")
            }
            header = tag == 1 ? .schema(headerTable) : .recordBatch(headerTable)
        case 2:
            header = .dictionaryBatch
        default:
            header = .other(tag)
        }
        return IPCMessage(header: header, bodyStart: bodyStart, bodyLength: bodyLength)
    }

    private func word(at offset: Int) throws(ArrowError) -> UInt32 {
        guard offset <= bytes.count - 4 else {
            throw .truncated("message prefix at byte \(offset)")
        }
        return bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
    }
}
