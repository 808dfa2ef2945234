/// The physical layout of a column's values, resolved once per column.
///
/// Accessors switch on this small enum instead of on ``ArrowType``: dates, times,
/// timestamps and durations are plain 32- or 64-bit integers, utf8 and binary
/// share one layout, and so on.
enum ValueLayout: Sendable, Equatable {
    case null
    case int8, int16, int32, int64
    case uint8, uint16, uint32, uint64
    case float16, float32, float64
    case bool
    /// Variable-length bytes with 32- or 64-bit offsets.
    case binary32, binary64
    case fixedBinary(Int)
    case decimal32, decimal64, decimal128
    /// Lists with 32- or 64-bit offsets into the child column.
    case list32, list64
    case fixedList(Int)
    case `struct`

    init(_ type: ArrowType) throws(ArrowError) {
        switch type {
        case .null: self = .null
        case let .int(bitWidth, signed):
            switch bitWidth {
            case 8: self = signed ? .int8 : .uint8
            case 16: self = signed ? .int16 : .uint16
            case 32: self = signed ? .int32 : .uint32
            default: self = signed ? .int64 : .uint64
            }
        case .floatingPoint(.half): self = .float16
        case .floatingPoint(.single): self = .float32
        case .floatingPoint(.double): self = .float64
        case .utf8, .binary: self = .binary32
        case .largeUtf8, .largeBinary: self = .binary64
        case let .fixedSizeBinary(width): self = .fixedBinary(width)
        case .bool: self = .bool
        case .date(.day): self = .int32
        case .date(.millisecond): self = .int64
        case let .time(_, bitWidth): self = bitWidth == 32 ? .int32 : .int64
        case .timestamp, .duration: self = .int64
        case let .decimal(_, _, bitWidth):
            switch bitWidth {
            case 32: self = .decimal32
            case 64: self = .decimal64
            case 128: self = .decimal128
            default: throw .unsupported("\(bitWidth)-bit decimals")
            }
        case .list, .map: self = .list32
        case .largeList: self = .list64
        case let .fixedSizeList(size): self = .fixedList(size)
        case .struct: self = .struct
        }
    }

    /// Bytes per value for fixed-width layouts; nil for the others.
    var byteWidth: Int? {
        switch self {
        case .int8, .uint8: 1
        case .int16, .uint16, .float16: 2
        case .int32, .uint32, .float32, .decimal32: 4
        case .int64, .uint64, .float64, .decimal64: 8
        case .decimal128: 16
        case let .fixedBinary(width): width
        default: nil
        }
    }
}
