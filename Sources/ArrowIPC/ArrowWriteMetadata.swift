/// The flatbuffer `Message`s the writer sends: the schema, and the header of a record batch.
///
/// Tables, slots and enum values follow Arrow's `Message.fbs` and `Schema.fbs` (the same
/// numbers ``TypeDecoder`` and ``SchemaDecoder`` read). Every scalar is written even when it
/// equals the schema's default, so no reader depends on defaults it might get wrong.
enum ArrowWriteMetadata {
    /// `MetadataVersion.V5`, the current version and the only one new streams should use.
    static let version = Int16(4)

    /// A field's length and null count, the `FieldNode` of `Message.fbs`.
    typealias FieldNode = (length: Int64, nullCount: Int64)
    /// Where a buffer lies in the message body, the `Buffer` of `Schema.fbs`.
    typealias BufferSpan = (offset: Int64, length: Int64)

    /// A `Message` holding a `Schema`: little-endian, the fields in column order.
    static func schema(_ fields: [ArrowWriteField]) -> [UInt8] {
        var builder = FlatBufferBuilder()
        let fieldTables = fields.map { field(builder: &builder, $0) }
        let fieldVector = builder.vector(of: fieldTables)
        // Schema: endianness (0), fields (1), custom_metadata (2), features (3).
        builder.startTable(slots: 2)
        builder.add(1, fieldVector)
        builder.add(0, Int16(0))  // Endianness.Little
        let schema = builder.endTable()
        return message(builder: &builder, headerType: 1, header: schema, bodyLength: 0)
    }

    /// A `Message` holding a `RecordBatch` header of `length` rows: one node per column and
    /// the buffers of all columns, in schema order, inside a body of `bodyLength` bytes.
    static func recordBatch(length: Int, nodes: [FieldNode], buffers: [BufferSpan], bodyLength: Int) -> [UInt8] {
        var builder = FlatBufferBuilder(capacity: 64 + 16 * (nodes.count + buffers.count))
        let nodeVector = builder.vector(ofLongPairs: nodes.map { ($0.length, $0.nullCount) })
        let bufferVector = builder.vector(ofLongPairs: buffers.map { ($0.offset, $0.length) })
        // RecordBatch: length (0), nodes (1), buffers (2), compression (3); absent compression
        // means the buffers are stored as they are.
        builder.startTable(slots: 3)
        builder.add(0, Int64(length))
        builder.add(1, nodeVector)
        builder.add(2, bufferVector)
        let batch = builder.endTable()
        return message(builder: &builder, headerType: 3, header: batch, bodyLength: bodyLength)
    }

    /// Message: version (0), header_type (1), header (2), bodyLength (3), custom_metadata (4).
    private static func message(
        builder: inout FlatBufferBuilder, headerType: UInt8, header: FlatBufferBuilder.Offset, bodyLength: Int
    ) -> [UInt8] {
        builder.startTable(slots: 4)
        builder.add(3, Int64(bodyLength))
        builder.add(2, header)
        builder.add(0, version)
        builder.add(1, headerType)
        let message = builder.endTable()
        return builder.finish(root: message)
    }

    /// Field: name (0), nullable (1), type_type (2), type (3), dictionary (4), children (5),
    /// custom_metadata (6). The empty children vector is written because some readers expect it.
    private static func field(builder: inout FlatBufferBuilder, _ field: ArrowWriteField) -> FlatBufferBuilder.Offset {
        let (tag, typeTable) = type(builder: &builder, field.type)
        let name = builder.string(field.name)
        let children = builder.vector(of: [])
        builder.startTable(slots: 6)
        builder.add(0, name)
        builder.add(3, typeTable)
        builder.add(5, children)
        builder.add(2, tag)
        builder.add(1, field.nullable)
        return builder.endTable()
    }

    /// The `Type` union's tag and table for `type`.
    private static func type(
        builder: inout FlatBufferBuilder, _ type: ArrowWriteType
    ) -> (tag: UInt8, table: FlatBufferBuilder.Offset) {
        // Strings must be finished before the table that refers to them is started.
        let timeZone: FlatBufferBuilder.Offset?
        if case let .timestampMicroseconds(zone?) = type {
            timeZone = builder.string(zone)
        } else {
            timeZone = nil
        }
        let microsecond = Int16(2)  // TimeUnit.MICROSECOND
        switch type {
        case .bool:
            builder.startTable(slots: 0)
            return (6, builder.endTable())
        case .int64:
            builder.startTable(slots: 2)  // Int: bitWidth (0), is_signed (1)
            builder.add(0, Int32(64))
            builder.add(1, true)
            return (2, builder.endTable())
        case .float64:
            builder.startTable(slots: 1)  // FloatingPoint: precision (0)
            builder.add(0, Int16(2))  // Precision.DOUBLE
            return (3, builder.endTable())
        case .utf8:
            builder.startTable(slots: 0)
            return (5, builder.endTable())
        case .binary:
            builder.startTable(slots: 0)
            return (4, builder.endTable())
        case let .decimal128(precision, scale):
            builder.startTable(slots: 3)  // Decimal: precision (0), scale (1), bitWidth (2)
            builder.add(0, Int32(precision))
            builder.add(1, Int32(scale))
            builder.add(2, Int32(128))
            return (7, builder.endTable())
        case .date32:
            builder.startTable(slots: 1)  // Date: unit (0)
            builder.add(0, Int16(0))  // DateUnit.DAY
            return (8, builder.endTable())
        case .time64Microseconds:
            builder.startTable(slots: 2)  // Time: unit (0), bitWidth (1)
            builder.add(1, Int32(64))
            builder.add(0, microsecond)
            return (9, builder.endTable())
        case .timestampMicroseconds:
            builder.startTable(slots: 2)  // Timestamp: unit (0), timezone (1)
            if let timeZone { builder.add(1, timeZone) }
            builder.add(0, microsecond)
            return (10, builder.endTable())
        }
    }
}
