/// A bounds-checked view of one flatbuffer (a message's metadata) inside the stream bytes.
///
/// Arrow's metadata is a flatbuffer; only reading is needed, so this is a small
/// hand-written reader rather than generated code. Every load is checked against
/// `start..<end`, so hostile offsets produce ``ArrowError/malformed(_:)``
/// instead of reading past the metadata.
struct FlatBuffer {
    let bytes: [UInt8]
    let start: Int
    let end: Int

    /// Loads a little-endian integer at an absolute position inside the buffer.
    func load<T: FixedWidthInteger>(_: T.Type, at position: Int) throws(ArrowError) -> T {
        guard position >= start, position <= end - MemoryLayout<T>.size else {
            throw .malformed("metadata read out of bounds at byte \(position)")
        }
        return bytes.withUnsafeBytes { raw in
            T(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: T.self))
        }
    }

    /// Follows the unsigned forward offset stored at `position`.
    func follow(_ position: Int) throws(ArrowError) -> Int {
        position + Int(try load(UInt32.self, at: position))
    }

    /// The root table, whose offset is the buffer's first four bytes.
    func root() throws(ArrowError) -> FlatTable {
        try FlatTable(buffer: self, position: try follow(start))
    }
}

/// A flatbuffer table: a position plus the vtable that says where each field lives.
struct FlatTable {
    let buffer: FlatBuffer
    let position: Int
    private let vtable: Int
    private let vtableSize: Int

    init(buffer: FlatBuffer, position: Int) throws(ArrowError) {
        let vtable = position - Int(try buffer.load(Int32.self, at: position))
        let vtableSize = Int(try buffer.load(UInt16.self, at: vtable))
        guard vtableSize >= 4, vtableSize % 2 == 0, vtableSize <= buffer.end - vtable else {
            throw .malformed("invalid flatbuffer vtable at byte \(vtable)")
        }
        self.buffer = buffer
        self.position = position
        self.vtable = vtable
        self.vtableSize = vtableSize
    }

    /// The absolute position of field `slot`, or nil when the field is absent (default value).
    func fieldPosition(_ slot: Int) throws(ArrowError) -> Int? {
        let entry = 4 + 2 * slot
        guard entry + 2 <= vtableSize else { return nil }
        let offset = Int(try buffer.load(UInt16.self, at: vtable + entry))
        return offset == 0 ? nil : position + offset
    }

    func scalar<T: FixedWidthInteger>(_ slot: Int, default value: T) throws(ArrowError) -> T {
        guard let field = try fieldPosition(slot) else { return value }
        return try buffer.load(T.self, at: field)
    }

    func bool(_ slot: Int) throws(ArrowError) -> Bool {
        try scalar(slot, default: UInt8(0)) != 0
    }

    func table(_ slot: Int) throws(ArrowError) -> FlatTable? {
        guard let field = try fieldPosition(slot) else { return nil }
        return try FlatTable(buffer: buffer, position: try buffer.follow(field))
    }

    /// A vector field whose elements are `elementSize` bytes each (4 for offsets to tables).
    func vector(_ slot: Int, elementSize: Int) throws(ArrowError) -> FlatVector? {
        guard let field = try fieldPosition(slot) else { return nil }
        return try FlatVector(buffer: buffer, position: try buffer.follow(field), elementSize: elementSize)
    }

    /// A string field, decoded as UTF-8 (invalid sequences are replaced, not rejected).
    func string(_ slot: Int) throws(ArrowError) -> String? {
        guard let vector = try vector(slot, elementSize: 1) else { return nil }
        return String(decoding: buffer.bytes[vector.start..<vector.start + vector.count], as: UTF8.self)
    }
}

/// A flatbuffer vector: a 32-bit count followed by the elements.
struct FlatVector {
    let buffer: FlatBuffer
    /// Absolute position of the first element.
    let start: Int
    let count: Int
    let elementSize: Int

    init(buffer: FlatBuffer, position: Int, elementSize: Int) throws(ArrowError) {
        let count = Int(try buffer.load(UInt32.self, at: position))
        let start = position + 4
        guard count <= (buffer.end - start) / elementSize else {
            throw .malformed("flatbuffer vector of \(count) elements overruns the metadata")
        }
        self.buffer = buffer
        self.start = start
        self.count = count
        self.elementSize = elementSize
    }

    /// Element `index` of a vector of tables.
    func table(_ index: Int) throws(ArrowError) -> FlatTable {
        try FlatTable(buffer: buffer, position: try buffer.follow(start + index * elementSize))
    }

    /// The `field`-th 64-bit member of the struct at `index` (Buffer and FieldNode are two longs).
    func int64(_ index: Int, field: Int) throws(ArrowError) -> Int64 {
        try buffer.load(Int64.self, at: start + index * elementSize + field * 8)
    }
}
