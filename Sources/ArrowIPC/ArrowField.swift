/// One field of a schema: a column, or a child of a nested column.
public struct ArrowField: Sendable, Equatable {
    public let name: String
    public let type: ArrowType
    public let nullable: Bool
    /// Child fields of nested types (struct members, the list item, the map entries).
    public let children: [ArrowField]
    /// The field's `custom_metadata`; Snowflake puts `logicalType`, `scale` and
    /// `precision` here, which are needed to interpret the physical values.
    public let metadata: [String: String]

    public init(
        name: String,
        type: ArrowType,
        nullable: Bool,
        children: [ArrowField] = [],
        metadata: [String: String] = [:]
    ) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.children = children
        self.metadata = metadata
    }
}

/// The schema that opens every stream: the top-level fields, in column order.
public struct ArrowSchema: Sendable, Equatable {
    public let fields: [ArrowField]
    /// The schema's own `custom_metadata`.
    public let metadata: [String: String]

    public init(fields: [ArrowField], metadata: [String: String] = [:]) {
        self.fields = fields
        self.metadata = metadata
    }
}
