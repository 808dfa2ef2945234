/// One column of one record batch: a view over the stream bytes.
///
/// The column keeps a reference to the stream's byte array and the positions of
/// its buffers, computed and validated when the batch was decoded; reading a
/// value is a bounds check on the row and a load, with no allocation except
/// for `String` and byte results.
///
/// Accessors trap (a precondition failure) when `row` is outside `0..<length`
/// or when called on a column of another layout, e.g. `string(_:)` on an integer
/// column: both are programming errors. Check ``field`` once per column, and
/// ``isNull(_:)`` per row; the value read from a null slot is unspecified.
/// A child's validity is its own, as in Arrow: a struct member of a null struct
/// row may read as valid, so check the parent first.
public struct ArrowColumn: Sendable {
    /// The schema field this column belongs to.
    public let field: ArrowField
    /// The number of rows.
    public let length: Int
    /// The number of null rows, as written by the producer.
    public let nullCount: Int
    /// Child columns: struct members, the list item or the map entries.
    public let children: [ArrowColumn]

    /// The whole stream; shared, never copied.
    let storage: [UInt8]
    let layout: ValueLayout
    /// Position of the validity bitmap, or -1 when no row is null.
    let validity: Int
    /// Position of the fixed-width values, the bool bitmap or the offsets.
    let values: Int
    /// Position of the variable-length bytes that `binary32`/`binary64` offsets point into.
    let data: Int

    init(
        field: ArrowField, length: Int, nullCount: Int, children: [ArrowColumn],
        storage: [UInt8], layout: ValueLayout, validity: Int, values: Int, data: Int
    ) {
        self.field = field
        self.length = length
        self.nullCount = nullCount
        self.children = children
        self.storage = storage
        self.layout = layout
        self.validity = validity
        self.values = values
        self.data = data
    }

    @inline(__always)
    func checkRow(_ row: Int) {
        precondition(UInt(bitPattern: row) < UInt(bitPattern: length), "row \(row) is outside 0..<\(length)")
    }

    @inline(__always)
    func load<T: FixedWidthInteger>(_: T.Type, at position: Int) -> T {
        storage.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: position, as: T.self)) }
    }

    /// Whether `row` is null. Null columns are null everywhere; columns without
    /// nulls skip the bitmap.
    public func isNull(_ row: Int) -> Bool {
        checkRow(row)
        guard validity >= 0 else { return layout == .null }
        return storage[validity + row >> 3] & (1 << UInt8(row & 7)) == 0
    }
}
