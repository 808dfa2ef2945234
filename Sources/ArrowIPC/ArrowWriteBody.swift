/// The body of one record batch under construction, with the field nodes and buffer
/// spans its header must list.
///
/// Buffers are laid end to end, each starting on an 8-byte boundary of the body, and the
/// body ends padded to 8 bytes, as the IPC format requires. Padding bytes are zero. A
/// buffer's listed length is its own length, without the padding after it.
///
/// The bytes start with `headerSpace` zeros, room for the message's prefix and metadata,
/// so that a batch is written into one array and never copied to be framed.
struct ArrowWriteBody {
    private(set) var bytes: [UInt8] = []
    private(set) var nodes: [ArrowWriteMetadata.FieldNode] = []
    private(set) var buffers: [ArrowWriteMetadata.BufferSpan] = []
    /// Where the body starts in `bytes`; buffer offsets count from here.
    private let start: Int

    static let alignment = 8

    /// `headerSpace` must be a multiple of the alignment, so that positions aligned in
    /// `bytes` are aligned in the body too.
    init(headerSpace: Int, bodyCapacity: Int, columns: Int) {
        precondition(headerSpace % Self.alignment == 0)
        start = headerSpace
        bytes.reserveCapacity(headerSpace + bodyCapacity)
        bytes.append(contentsOf: repeatElement(0, count: headerSpace))
        nodes.reserveCapacity(columns)
        buffers.reserveCapacity(3 * columns)
    }

    /// The body's length so far.
    var length: Int { bytes.count - start }

    /// Lists one column: its row count and how many of its rows are null.
    mutating func addNode(length: Int, nullCount: Int) {
        nodes.append((Int64(length), Int64(nullCount)))
    }

    /// Appends a buffer of `length` zero bytes on an aligned start, lists it, and returns
    /// the position of its first byte in `bytes`, for the caller to fill in.
    mutating func appendZeroedBuffer(length: Int) -> Int {
        let position = beginBuffer()
        bytes.append(contentsOf: repeatElement(0, count: length))
        endBuffer(start: position)
        return position
    }

    /// Pads to the next aligned position, where the caller then appends a buffer's bytes,
    /// and returns that position; ``endBuffer(start:)`` lists it once written.
    mutating func beginBuffer() -> Int {
        bytes.append(contentsOf: repeatElement(0, count: Self.padding(after: length)))
        return bytes.count
    }

    /// Lists the buffer appended since `position`.
    mutating func endBuffer(start position: Int) {
        buffers.append((Int64(position - start), Int64(bytes.count - position)))
    }

    /// Appends bytes to the buffer being written.
    mutating func append(_ data: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: data)
    }

    mutating func append(_ data: [UInt8]) {
        bytes.append(contentsOf: data)
    }

    /// Sets bit `index` of the bitmap that starts at `bitmap` (least significant bit first).
    mutating func setBit(_ index: Int, inBitmapAt bitmap: Int) {
        bytes[bitmap + index >> 3] |= 1 << UInt8(index & 7)
    }

    /// Stores a little-endian integer at `position`, inside a buffer already appended.
    mutating func store<T: FixedWidthInteger>(_ value: T, at position: Int) {
        precondition(position >= start && position <= bytes.count - MemoryLayout<T>.size)
        bytes.withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: position, as: T.self) }
    }

    /// Runs `fill` with all the bytes, for loops that write many values in place.
    mutating func withBytes<Result>(_ fill: (UnsafeMutableRawBufferPointer) -> Result) -> Result {
        bytes.withUnsafeMutableBytes { fill($0) }
    }

    /// Pads the end to the alignment, so the next message starts aligned too.
    mutating func finish() {
        _ = beginBuffer()
    }

    /// The whole message: `header` (prefix and padded metadata) then the body. The header
    /// takes the reserved space when it has exactly that size, as it does when the space was
    /// measured from metadata of the same shape; otherwise the body is copied behind it.
    mutating func message(header: [UInt8]) -> [UInt8] {
        guard header.count == start else { return header + bytes[start...] }
        bytes.replaceSubrange(0..<start, with: header)
        return bytes
    }

    /// Bytes of a bitmap holding one bit per row.
    static func bitmapLength(rows: Int) -> Int {
        (rows + 7) / 8
    }

    /// Zero bytes needed after `length` bytes to reach the alignment.
    static func padding(after length: Int) -> Int {
        (alignment - length % alignment) % alignment
    }
}
