/// Per-row value accessors. Each one switches on the precomputed layout and loads
/// from a validated position; see ``ArrowColumn`` for when they trap.
extension ArrowColumn {
    /// The integer at `row`, sign-extended, for any integer width and for the
    /// integer-backed types (date, time, timestamp, duration), which give their raw count.
    ///
    /// An unsigned 64-bit value above `Int64.max` traps; read such columns with ``uint64(_:)``.
    public func int64(_ row: Int) -> Int64 {
        checkRow(row)
        switch layout {
        case .int8: return Int64(load(Int8.self, at: values + row))
        case .int16: return Int64(load(Int16.self, at: values + row * 2))
        case .int32: return Int64(load(Int32.self, at: values + row * 4))
        case .int64: return load(Int64.self, at: values + row * 8)
        case .uint8: return Int64(load(UInt8.self, at: values + row))
        case .uint16: return Int64(load(UInt16.self, at: values + row * 2))
        case .uint32: return Int64(load(UInt32.self, at: values + row * 4))
        case .uint64: return Int64(load(UInt64.self, at: values + row * 8))
        default: preconditionFailure("int64(_:) on a column of type \(field.type)")
        }
    }

    /// The integer at `row` as unsigned, for any integer-backed layout; a negative value traps.
    public func uint64(_ row: Int) -> UInt64 {
        if layout == .uint64 {
            checkRow(row)
            return load(UInt64.self, at: values + row * 8)
        }
        return UInt64(int64(row))
    }

    /// The half-, single- or double-precision float at `row`, widened to `Double`.
    public func double(_ row: Int) -> Double {
        checkRow(row)
        switch layout {
        case .float64: return Double(bitPattern: load(UInt64.self, at: values + row * 8))
        case .float32: return Double(Float(bitPattern: load(UInt32.self, at: values + row * 4)))
        case .float16: return Self.halfToDouble(load(UInt16.self, at: values + row * 2))
        default: preconditionFailure("double(_:) on a column of type \(field.type)")
        }
    }

    /// The boolean at `row`, read from the bit-packed values.
    public func bool(_ row: Int) -> Bool {
        checkRow(row)
        precondition(layout == .bool, "bool(_:) on a column of type \(field.type)")
        return storage[values + row >> 3] & (1 << UInt8(row & 7)) != 0
    }

    /// The bytes at `row` of a binary, utf8 (large or not) or fixed-size binary
    /// column, as a slice of the stream bytes (no copy).
    public func bytes(_ row: Int) -> ArraySlice<UInt8> {
        checkRow(row)
        switch layout {
        case .binary32:
            let position = values + row * 4
            let start = Int(load(Int32.self, at: position))
            let end = Int(load(Int32.self, at: position + 4))
            return storage[data + start..<data + end]
        case .binary64:
            let position = values + row * 8
            let start = Int(load(Int64.self, at: position))
            let end = Int(load(Int64.self, at: position + 8))
            return storage[data + start..<data + end]
        case let .fixedBinary(width):
            let start = values + row * width
            return storage[start..<start + width]
        default:
            preconditionFailure("bytes(_:) on a column of type \(field.type)")
        }
    }

    /// The text at `row`; invalid UTF-8 is repaired with U+FFFD rather than rejected.
    public func string(_ row: Int) -> String {
        String(decoding: bytes(row), as: UTF8.self)
    }

    /// The unscaled value at `row` of a 32-, 64- or 128-bit decimal column;
    /// the field's `scale` places the decimal point.
    public func decimal128(_ row: Int) -> Int128 {
        checkRow(row)
        switch layout {
        case .decimal128:
            let position = values + row * 16
            let low = load(UInt64.self, at: position)
            let high = load(Int64.self, at: position + 8)
            return Int128(high) << 64 | Int128(low)
        case .decimal64: return Int128(load(Int64.self, at: values + row * 8))
        case .decimal32: return Int128(load(Int32.self, at: values + row * 4))
        default: preconditionFailure("decimal128(_:) on a column of type \(field.type)")
        }
    }

    /// The rows of `children[0]` that hold the list (or map entries) at `row`.
    public func list(_ row: Int) -> Range<Int> {
        checkRow(row)
        switch layout {
        case .list32:
            let position = values + row * 4
            return Int(load(Int32.self, at: position))..<Int(load(Int32.self, at: position + 4))
        case .list64:
            let position = values + row * 8
            return Int(load(Int64.self, at: position))..<Int(load(Int64.self, at: position + 8))
        case let .fixedList(size):
            return row * size..<(row + 1) * size
        default:
            preconditionFailure("list(_:) on a column of type \(field.type)")
        }
    }

    /// IEEE 754 binary16 to Double, written out so it needs no `Float16` (absent on some platforms).
    static func halfToDouble(_ bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 == 0 ? 1 : -1
        let exponent = Int(bits >> 10 & 0x1F)
        let fraction = Double(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 0x1F: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1024 + fraction) * Double(sign: .plus, exponent: exponent - 25, significand: 1)
        }
    }
}
