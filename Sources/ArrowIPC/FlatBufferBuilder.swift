/// Builds one flatbuffer, back to front, as the FlatBuffers binary format lays it out.
///
/// Arrow's IPC metadata is a flatbuffer, and a writer needs only a handful of tables per
/// message, so this is a small hand-written builder rather than generated code. Like the
/// reference implementations it writes children before their parents, growing the buffer
/// towards its front: every unsigned offset then points forward, as the format requires.
///
/// Positions handed out (``Offset``) count bytes from the buffer's end, so they stay valid
/// while the front grows. Alignment is also measured from the end; ``finish(root:)`` pads
/// the front so that the finished buffer's start is aligned to the largest scalar in it.
struct FlatBufferBuilder {
    /// Where a finished string, vector or table lies: its distance from the buffer's end.
    struct Offset: Equatable {
        let fromEnd: Int
    }

    /// The bytes are `storage[head...]`; the free space `storage[..<head]` is all zeros,
    /// so padding needs no writing.
    private var storage: [UInt8]
    private var head: Int
    /// The largest alignment any value needed, which the finished buffer's start must have.
    private var largestAlignment = 1
    /// Where each field of the table being built lies, by slot; nil outside a table.
    private var tableFields: [Int]?
    /// The size when the table being built was started: where its last field ends.
    private var tableEnd = 0

    init(capacity: Int = 256) {
        storage = [UInt8](repeating: 0, count: max(capacity, 16))
        head = storage.count
    }

    /// Bytes written so far, which is also the ``Offset`` of whatever was written last.
    private var size: Int { storage.count - head }

    // MARK: Raw placement

    /// Pads so that after `following` more bytes, a value of `alignment` bytes lands aligned.
    private mutating func align(_ alignment: Int, following: Int = 0) {
        largestAlignment = max(largestAlignment, alignment)
        let padding = (alignment - (size + following) % alignment) % alignment
        reserve(padding)
        head -= padding
    }

    /// Makes room for `count` more bytes in front, moving the written bytes to the end of a larger array.
    private mutating func reserve(_ count: Int) {
        guard count > head else { return }
        let written = size
        let capacity = max(storage.count * 2, written + count + 16)
        var larger = [UInt8](repeating: 0, count: capacity)
        larger.replaceSubrange(capacity - written..<capacity, with: storage[head...])
        storage = larger
        head = capacity - written
    }

    /// Puts `value` in front, little-endian, at its natural alignment.
    private mutating func put<T: FixedWidthInteger>(_ value: T) {
        let width = MemoryLayout<T>.size
        align(width)
        reserve(width)
        head -= width
        let position = head
        storage.withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: position, as: T.self) }
    }

    /// Puts an unsigned offset to `target` in front; it counts from its own position.
    private mutating func put(_ target: Offset) {
        align(4)
        put(UInt32(size + 4 - target.fromEnd))
    }

    // MARK: Strings and vectors

    /// A string: its UTF-8 length, the bytes and a terminating zero (left from the free space).
    mutating func string(_ text: String) -> Offset {
        let utf8 = Array(text.utf8)
        align(4, following: utf8.count + 1)
        reserve(utf8.count + 1)
        head -= utf8.count + 1
        storage.replaceSubrange(head..<head + utf8.count, with: utf8)
        put(UInt32(utf8.count))
        return Offset(fromEnd: size)
    }

    /// A vector of offsets to finished strings or tables.
    mutating func vector(of elements: [Offset]) -> Offset {
        align(4, following: 4 * elements.count)
        for element in elements.reversed() {
            put(element)
        }
        put(UInt32(elements.count))
        return Offset(fromEnd: size)
    }

    /// A vector of structs of two 64-bit integers each, Arrow's `FieldNode` and `Buffer`.
    mutating func vector(ofLongPairs pairs: [(Int64, Int64)]) -> Offset {
        align(8, following: 16 * pairs.count)
        for (first, second) in pairs.reversed() {
            put(second)
            put(first)
        }
        put(UInt32(pairs.count))
        return Offset(fromEnd: size)
    }

    // MARK: Tables

    /// Starts a table with `slots` fields; add them with `add`, then call ``endTable()``.
    mutating func startTable(slots: Int) {
        precondition(tableFields == nil, "flatbuffer tables cannot be nested while building")
        tableFields = Array(repeating: 0, count: slots)
        tableEnd = size
    }

    /// Writes a scalar field. Defaults are written too: Arrow readers then need no schema defaults.
    mutating func add<T: FixedWidthInteger>(_ slot: Int, _ value: T) {
        put(value)
        tableFields![slot] = size
    }

    mutating func add(_ slot: Int, _ value: Bool) {
        add(slot, UInt8(value ? 1 : 0))
    }

    /// Writes a field that refers to a finished string, vector or table.
    mutating func add(_ slot: Int, _ target: Offset) {
        put(target)
        tableFields![slot] = size
    }

    /// Ends the table: writes its vtable just in front of it and links the two.
    mutating func endTable() -> Offset {
        guard let fields = tableFields else { preconditionFailure("endTable() without startTable(slots:)") }
        tableFields = nil
        put(Int32(0))  // the distance to the vtable, patched below
        let table = size
        // The vtable: its own size, the table's size, then each field's position in the table.
        let used = (fields.lastIndex { $0 != 0 } ?? -1) + 1
        for field in fields[..<used].reversed() {
            put(UInt16(field == 0 ? 0 : table - field))
        }
        put(UInt16(table - tableEnd))
        put(UInt16(4 + 2 * used))
        let distance = Int32(size - table)
        let position = storage.count - table
        storage.withUnsafeMutableBytes {
            $0.storeBytes(of: distance.littleEndian, toByteOffset: position, as: Int32.self)
        }
        return Offset(fromEnd: table)
    }

    /// Ends the buffer with the offset to its root table and returns its bytes.
    mutating func finish(root: Offset) -> [UInt8] {
        align(largestAlignment, following: 4)
        put(root)
        return Array(storage[head...])
    }
}
