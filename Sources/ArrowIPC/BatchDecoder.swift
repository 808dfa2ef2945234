/// Builds the columns of one `RecordBatch` message from its field nodes and buffers.
///
/// Nodes and buffers are listed in a pre-order walk of the schema's fields.
/// Everything a later accessor relies on is checked here, once per batch:
/// buffers lie inside the body and are long enough for the node's length, and
/// offsets are non-decreasing and stay inside their data or child column. After
/// that, per-row reads need no bounds checks beyond the row index.
struct BatchDecoder {
    private let bytes: [UInt8]
    private let bodyStart: Int
    private let bodyLength: Int
    private let nodes: FlatVector?
    private let buffers: FlatVector?
    private var nodeIndex = 0
    private var bufferIndex = 0

    /// Reads a `RecordBatch` table: length (0), nodes (1), buffers (2), compression (3).
    static func batch(
        _ table: FlatTable, message: IPCMessage, bytes: [UInt8], schema: ArrowSchema
    ) throws(ArrowError) -> ArrowRecordBatch {
        if try table.fieldPosition(3) != nil {
            throw .unsupported("compressed record batches")
        }
        let length = Int(try table.scalar(0, default: Int64(0)))
        guard length >= 0 else { throw .malformed("negative record batch length \(length)") }
        var decoder = BatchDecoder(
            bytes: bytes,
            bodyStart: message.bodyStart,
            bodyLength: message.bodyLength,
            nodes: try table.vector(1, elementSize: 16),
            buffers: try table.vector(2, elementSize: 16))
        var columns: [ArrowColumn] = []
        columns.reserveCapacity(schema.fields.count)
        for field in schema.fields {
            let column = try decoder.column(field)
            guard column.length == length else {
                throw .malformed("column \"\(field.name)\" has \(column.length) rows in a batch of \(length)")
            }
            columns.append(column)
        }
        return ArrowRecordBatch(length: length, columns: columns)
    }

    private init(bytes: [UInt8], bodyStart: Int, bodyLength: Int, nodes: FlatVector?, buffers: FlatVector?) {
        self.bytes = bytes
        self.bodyStart = bodyStart
        self.bodyLength = bodyLength
        self.nodes = nodes
        self.buffers = buffers
    }

    private mutating func column(_ field: ArrowField) throws(ArrowError) -> ArrowColumn {
        let layout = try ValueLayout(field.type)
        let (length, nullCount) = try nextNode(field)
        if layout == .null {
            return ArrowColumn(field: field, length: length, nullCount: length, children: [],
                               storage: bytes, layout: layout, validity: -1, values: 0, data: 0)
        }
        let validity = try validityBuffer(field, length: length, nullCount: nullCount)
        var values = 0
        var data = 0
        var children: [ArrowColumn] = []
        func malformed(_ detail: String) -> ArrowError {
            .malformed("column \"\(field.name)\": \(detail)")
        }
        switch layout {
        case .struct:
            for child in field.children {
                let childColumn = try column(child)
                guard childColumn.length >= length else { throw malformed("child shorter than its struct") }
                children.append(childColumn)
            }
        case .list32, .list64:
            let wide = layout == .list64
            let offsets = try nextBuffer(field)
            values = offsets.start
            let child = try column(field.children[0])
            try checkOffsets(offsets, wide: wide, count: length, limit: child.length, field: field)
            children = [child]
        case let .fixedList(size):
            let child = try column(field.children[0])
            guard size == 0 || length <= child.length / size else { throw malformed("child too short") }
            children = [child]
        case .binary32, .binary64:
            let offsets = try nextBuffer(field)
            let content = try nextBuffer(field)
            try checkOffsets(offsets, wide: layout == .binary64, count: length, limit: content.length, field: field)
            values = offsets.start
            data = content.start
        case .bool:
            let buffer = try nextBuffer(field)
            guard Self.bitmapBytes(length) <= buffer.length else { throw malformed("bool buffer too short") }
            values = buffer.start
        default:
            let buffer = try nextBuffer(field)
            let width = layout.byteWidth ?? 0
            guard width == 0 || length <= buffer.length / width else { throw malformed("data buffer too short") }
            values = buffer.start
        }
        return ArrowColumn(field: field, length: length, nullCount: nullCount, children: children,
                           storage: bytes, layout: layout, validity: validity, values: values, data: data)
    }

    /// The validity bitmap's position, or -1 when every value is valid.
    private mutating func validityBuffer(_ field: ArrowField, length: Int, nullCount: Int) throws(ArrowError) -> Int {
        let buffer = try nextBuffer(field)
        guard nullCount > 0 else { return -1 }
        guard Self.bitmapBytes(length) <= buffer.length else {
            throw .malformed("column \"\(field.name)\" has \(nullCount) nulls but a short validity bitmap")
        }
        return buffer.start
    }

    /// Checks `count + 1` offsets: non-negative, non-decreasing and at most `limit`.
    /// An empty column may omit its offsets entirely.
    private func checkOffsets(
        _ buffer: (start: Int, length: Int), wide: Bool, count: Int, limit: Int, field: ArrowField
    ) throws(ArrowError) {
        guard count > 0 else { return }
        let width = wide ? 8 : 4
        guard count < buffer.length / width else {
            throw .malformed("column \"\(field.name)\" has a short offsets buffer")
        }
        let valid = bytes.withUnsafeBytes { raw -> Bool in
            var previous = 0
            for index in 0...count {
                let position = buffer.start + index * width
                let offset = wide
                    ? Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: Int64.self)))
                    : Int(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: Int32.self)))
                guard offset >= previous, offset <= limit else { return false }
                previous = offset
            }
            return true
        }
        guard valid else { throw .malformed("column \"\(field.name)\" has invalid offsets") }
    }

    private mutating func nextNode(_ field: ArrowField) throws(ArrowError) -> (length: Int, nullCount: Int) {
        guard let nodes, nodeIndex < nodes.count else {
            throw .malformed("record batch has no field node for \"\(field.name)\"")
        }
        let length = Int(try nodes.int64(nodeIndex, field: 0))
        let nullCount = Int(try nodes.int64(nodeIndex, field: 1))
        nodeIndex += 1
        guard length >= 0, nullCount >= 0, nullCount <= length else {
            throw .malformed("field node of \"\(field.name)\" has length \(length), null count \(nullCount)")
        }
        return (length, nullCount)
    }

    /// The next buffer as an absolute position in the stream bytes plus a length.
    private mutating func nextBuffer(_ field: ArrowField) throws(ArrowError) -> (start: Int, length: Int) {
        guard let buffers, bufferIndex < buffers.count else {
            throw .malformed("record batch is missing a buffer of \"\(field.name)\"")
        }
        let offset = Int(try buffers.int64(bufferIndex, field: 0))
        let length = Int(try buffers.int64(bufferIndex, field: 1))
        bufferIndex += 1
        guard offset >= 0, length >= 0, offset <= bodyLength, length <= bodyLength - offset else {
            throw .malformed("buffer of \"\(field.name)\" lies outside the message body")
        }
        return (bodyStart + offset, length)
    }

    private static func bitmapBytes(_ bits: Int) -> Int {
        bits / 8 + (bits % 8 == 0 ? 0 : 1)
    }
}
