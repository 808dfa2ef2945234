/// Turns the flatbuffer `Schema` table of a schema message into an ``ArrowSchema``.
///
/// Field slots follow Arrow's `Schema.fbs`. Nested fields are decoded
/// recursively with a depth limit, so a hostile schema cannot exhaust the stack,
/// and against a budget proportional to the metadata size, so tables shared
/// between many parents cannot make a small message decode into a huge schema.
struct SchemaDecoder {
    /// Deeper nesting than this is rejected; real schemas stay far below it.
    static let maximumDepth = 64

    /// Remaining decoded size (fields, pairs and string bytes) before the schema is rejected.
    private var budget: Int

    static func schema(_ table: FlatTable) throws(ArrowError) -> ArrowSchema {
        // Schema: endianness (0), fields (1), custom_metadata (2), features (3).
        guard try table.scalar(0, default: Int16(0)) == 0 else {
            throw .unsupported("big-endian streams")
        }
        var decoder = SchemaDecoder(budget: 64 * (table.buffer.end - table.buffer.start) + 65_536)
        let fields = try decoder.fieldList(table.vector(1, elementSize: 4), depth: 0)
        return ArrowSchema(fields: fields, metadata: try decoder.metadata(table.vector(2, elementSize: 4)))
    }

    private mutating func charge(_ cost: Int) throws(ArrowError) {
        budget -= cost
        guard budget >= 0 else {
            throw .malformed("schema decodes to far more than its metadata holds (shared tables)")
        }
    }

    private mutating func fieldList(_ vector: FlatVector?, depth: Int) throws(ArrowError) -> [ArrowField] {
        guard let vector else { return [] }
        guard depth < Self.maximumDepth else { throw .malformed("fields nested deeper than \(Self.maximumDepth)") }
        var fields: [ArrowField] = []
        fields.reserveCapacity(vector.count)
        for index in 0..<vector.count {
            fields.append(try field(vector.table(index), depth: depth))
        }
        return fields
    }

    private mutating func field(_ table: FlatTable, depth: Int) throws(ArrowError) -> ArrowField {
        // Field: name (0), nullable (1), type_type (2), type (3), dictionary (4),
        // children (5), custom_metadata (6).
        let name = try table.string(0) ?? ""
        try charge(16 + name.utf8.count)
        if try table.fieldPosition(4) != nil {
            throw .unsupported("dictionary-encoded field \"\(name)\"")
        }
        let type = try TypeDecoder.type(
            tag: table.scalar(2, default: UInt8(0)), table: table.table(3), field: name)
        if case let .timestamp(_, timezone?) = type {
            try charge(timezone.utf8.count)
        }
        let children = try fieldList(table.vector(5, elementSize: 4), depth: depth + 1)
        try checkChildren(type, children, field: name)
        return ArrowField(
            name: name,
            type: type,
            nullable: try table.bool(1),
            children: children,
            metadata: try metadata(table.vector(6, elementSize: 4)))
    }

    /// Nested types need their children to lay out the record batch; others must have none.
    private func checkChildren(_ type: ArrowType, _ children: [ArrowField], field: String) throws(ArrowError) {
        let valid: Bool
        switch type {
        case .struct:
            valid = true
        case .list, .largeList, .fixedSizeList:
            valid = children.count == 1
        case .map:
            valid = children.count == 1 && children[0].type == .struct && children[0].children.count == 2
        default:
            valid = children.isEmpty
        }
        guard valid else {
            throw .malformed("field \"\(field)\" of type \(type) has \(children.count) children")
        }
    }

    /// A vector of `KeyValue` tables: key (0), value (1). Later duplicates win.
    private mutating func metadata(_ vector: FlatVector?) throws(ArrowError) -> [String: String] {
        guard let vector else { return [:] }
        var result: [String: String] = [:]
        for index in 0..<vector.count {
            let pair = try vector.table(index)
            let key = try pair.string(0) ?? ""
            let value = try pair.string(1) ?? ""
            try charge(16 + key.utf8.count + value.utf8.count)
            result[key] = value
        }
        return result
    }
}
