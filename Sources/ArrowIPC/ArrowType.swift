/// The logical type of an Arrow field, as declared in the stream's schema.
///
/// Nested types (lists, structs, maps) carry no child types here: the children
/// are the `children` of the owning ``ArrowField``, mirroring the IPC schema.
public enum ArrowType: Sendable, Equatable {
    /// All values are null; the column has no buffers.
    case null
    /// An integer of 8, 16, 32 or 64 bits.
    case int(bitWidth: Int, signed: Bool)
    case floatingPoint(FloatPrecision)
    /// Variable-length UTF-8 with 32-bit offsets.
    case utf8
    /// Variable-length bytes with 32-bit offsets.
    case binary
    /// UTF-8 with 64-bit offsets.
    case largeUtf8
    /// Bytes with 64-bit offsets.
    case largeBinary
    case fixedSizeBinary(byteWidth: Int)
    /// Bit-packed booleans.
    case bool
    /// Days (32-bit) or milliseconds (64-bit) since the UNIX epoch.
    case date(DateUnit)
    /// Time of day; `bitWidth` is 32 for seconds/milliseconds and 64 for micro/nanoseconds.
    case time(TimeUnit, bitWidth: Int)
    /// A 64-bit count of `unit` since the UNIX epoch; `timezone` is nil for wall-clock time.
    case timestamp(TimeUnit, timezone: String?)
    /// A 64-bit elapsed time.
    case duration(TimeUnit)
    /// A fixed-point decimal stored as an unscaled two's-complement integer of `bitWidth` bits.
    case decimal(precision: Int, scale: Int, bitWidth: Int)
    /// A list with 32-bit offsets into its single child.
    case list
    /// A list with 64-bit offsets into its single child.
    case largeList
    /// A list of exactly `listSize` child values per row.
    case fixedSizeList(listSize: Int)
    /// A list of `entries` structs with a key and a value child.
    case map(keysSorted: Bool)
    /// A row of named children.
    case `struct`
}

/// Width of a floating-point field.
public enum FloatPrecision: Sendable, Equatable {
    case half, single, double
}

/// Unit of a ``ArrowType/date(_:)`` field.
public enum DateUnit: Sendable, Equatable {
    case day, millisecond
}

/// Unit of time, timestamp and duration fields.
public enum TimeUnit: Sendable, Equatable {
    case second, millisecond, microsecond, nanosecond
}
