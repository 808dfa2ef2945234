/// Encodes a value straight into a `JSONValue` tree, giving the tree that `JSONEncoder`'s text
/// would decode to, without the text: a PATCH takes the stored configuration apart this way
/// (perf: encoding it to JSON and decoding that back, with a thrown miss for every kind tried
/// on every value, was a sixth of a PATCH's CPU). For the types configurations are made of —
/// strings, integers, booleans, arrays and objects; a floating-point value gives the kind
/// its JSON text would (integral values as integers), as a real `JSONEncoder` round trip does.
struct JSONValueEncoder {
    func encode(_ value: some Encodable) throws -> JSONValue {
        let root = Node()
        try value.encode(to: TreeEncoder(node: root, codingPath: []))
        return root.value
    }
}

/// A value being built: containers are filled in place as their encoders write to them.
private final class Node {
    private enum Kind {
        case empty, scalar, object, array
    }

    private var kind = Kind.empty
    private var scalar = JSONValue.null
    private var members: [String: Node] = [:]
    private var items: [Node] = []

    var value: JSONValue {
        switch kind {
        case .empty: .object([:])
        case .scalar: scalar
        case .object: .object(members.mapValues(\.value))
        case .array: .array(items.map(\.value))
        }
    }

    var count: Int { items.count }

    func set(_ value: JSONValue) {
        kind = .scalar
        scalar = value
    }

    func becomeObject() { if kind == .empty { kind = .object } }

    func becomeArray() { if kind == .empty { kind = .array } }

    /// The member named `key`, made when it is new.
    func member(_ key: String) -> Node {
        becomeObject()
        if let node = members[key] { return node }
        let node = Node()
        members[key] = node
        return node
    }

    func appended() -> Node {
        becomeArray()
        let node = Node()
        items.append(node)
        return node
    }
}

private struct TreeEncoder: Encoder {
    let node: Node
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(KeyedTreeContainer(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return UnkeyedTreeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleTreeContainer(node: node, codingPath: codingPath)
    }
}

/// The tree value of a scalar, as its JSON text decodes into a `JSONValue`.
private enum Scalar {
    static func integer(_ value: some BinaryInteger) -> JSONValue {
        if let exact = Int64(exactly: value) { return .integer(exact) }
        return .double(Double(value))
    }

    static func floating(_ value: Double, codingPath: [any CodingKey]) throws -> JSONValue {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value, .init(codingPath: codingPath, debugDescription: "\(value) is not a valid JSON number"))
        }
        if value == value.rounded(), let exact = Int64(exactly: value) { return .integer(exact) }
        return .double(value)
    }

    static func encode<T: Encodable>(_ value: T, into node: Node, codingPath: [any CodingKey]) throws {
        try value.encode(to: TreeEncoder(node: node, codingPath: codingPath))
    }
}

/// What a single-value and an unkeyed container have in common: each value goes to the next
/// node, which is the container's own for the one and a new item for the other.
private protocol NodeWriter {
    var codingPath: [any CodingKey] { get }
    mutating func nextNode() -> Node
}

extension NodeWriter {
    private mutating func put(_ value: JSONValue) { nextNode().set(value) }

    mutating func encodeNil() throws { put(.null) }
    mutating func encode(_ value: Bool) throws { put(.bool(value)) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws { put(try Scalar.floating(value, codingPath: codingPath)) }
    mutating func encode(_ value: Float) throws { put(try Scalar.floating(Double(value), codingPath: codingPath)) }
    mutating func encode(_ value: Int) throws { put(Scalar.integer(value)) }
    mutating func encode(_ value: Int8) throws { put(Scalar.integer(value)) }
    mutating func encode(_ value: Int16) throws { put(Scalar.integer(value)) }
    mutating func encode(_ value: Int32) throws { put(Scalar.integer(value)) }
    mutating func encode(_ value: Int64) throws { put(Scalar.integer(value)) }
    mutating func encode(_ value: UInt) throws { put(Scalar.integer(value)) }
    mutating func encode(_ value: UInt8) throws { put(Scalar.integer(value)) }
    mutating func encode(_ value: UInt16) throws { put(Scalar.integer(value)) }
    mutating func encode(_ value: UInt32) throws { put(Scalar.integer(value)) }
    mutating func encode(_ value: UInt64) throws { put(Scalar.integer(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { try Scalar.encode(value, into: nextNode(), codingPath: codingPath) }
}

private struct SingleTreeContainer: SingleValueEncodingContainer, NodeWriter {
    let node: Node
    let codingPath: [any CodingKey]

    func nextNode() -> Node { node }
}

private struct KeyedTreeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    let codingPath: [any CodingKey]

    private func set(_ value: JSONValue, _ key: Key) { node.member(key.stringValue).set(value) }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws {
        set(try Scalar.floating(value, codingPath: codingPath + [key]), key)
    }
    mutating func encode(_ value: Float, forKey key: Key) throws {
        set(try Scalar.floating(Double(value), codingPath: codingPath + [key]), key)
    }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(Scalar.integer(value), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(Scalar.integer(value), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(Scalar.integer(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(Scalar.integer(value), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(Scalar.integer(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(Scalar.integer(value), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(Scalar.integer(value), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(Scalar.integer(value), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(Scalar.integer(value), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(Scalar.integer(value), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try Scalar.encode(value, into: node.member(key.stringValue), codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        TreeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        TreeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        TreeEncoder(node: node.member("super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        TreeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key])
    }
}

private struct UnkeyedTreeContainer: UnkeyedEncodingContainer, NodeWriter {
    let node: Node
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    func nextNode() -> Node { node.appended() }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        TreeEncoder(node: node.appended(), codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        TreeEncoder(node: node.appended(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        TreeEncoder(node: node.appended(), codingPath: codingPath)
    }
}
