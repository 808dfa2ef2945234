/// Decodes the `Type` union of a flatbuffer `Field` into an ``ArrowType``.
///
/// Tags and slots follow Arrow's `Schema.fbs`. A missing type table means all of
/// its fields take their flatbuffer defaults, which are applied here.
enum TypeDecoder {
    static func type(tag: UInt8, table: FlatTable?, field: String) throws(ArrowError) -> ArrowType {
        func int32(_ slot: Int, _ value: Int32) throws(ArrowError) -> Int {
            Int(try table?.scalar(slot, default: value) ?? value)
        }
        func int16(_ slot: Int, _ value: Int16) throws(ArrowError) -> Int {
            Int(try table?.scalar(slot, default: value) ?? value)
        }
        func unit(_ slot: Int, _ value: Int16) throws(ArrowError) -> TimeUnit {
            switch try int16(slot, value) {
            case 0: return .second
            case 1: return .millisecond
            case 2: return .microsecond
            case 3: return .nanosecond
            case let other: throw .malformed("field \"\(field)\" has time unit \(other)")
            }
        }

        switch tag {
        case 1: return .null
        case 2:
            let bitWidth = try int32(0, 0)
            guard [8, 16, 32, 64].contains(bitWidth) else {
                throw .malformed("field \"\(field)\" has integer width \(bitWidth)")
            }
            return .int(bitWidth: bitWidth, signed: try table?.bool(1) ?? false)
        case 3:
            switch try int16(0, 0) {
            case 0: return .floatingPoint(.half)
            case 1: return .floatingPoint(.single)
            case 2: return .floatingPoint(.double)
            case let other: throw .malformed("field \"\(field)\" has float precision \(other)")
            }
        case 4: return .binary
        case 5: return .utf8
        case 6: return .bool
        case 7:
            let bitWidth = try int32(2, 128)
            guard [32, 64, 128, 256].contains(bitWidth) else {
                throw .malformed("field \"\(field)\" has decimal width \(bitWidth)")
            }
            return .decimal(precision: try int32(0, 0), scale: try int32(1, 0), bitWidth: bitWidth)
        case 8:
            switch try int16(0, 1) {
            case 0: return .date(.day)
            case 1: return .date(.millisecond)
            case let other: throw .malformed("field \"\(field)\" has date unit \(other)")
            }
        case 9:
            let unit = try unit(0, 1)
            let bitWidth = try int32(1, 32)
            let expected = (unit == .second || unit == .millisecond) ? 32 : 64
            guard bitWidth == expected else {
                throw .malformed("field \"\(field)\" has a \(bitWidth)-bit time in \(unit)")
            }
            return .time(unit, bitWidth: bitWidth)
        case 10: return .timestamp(try unit(0, 0), timezone: try table?.string(1))
        case 12: return .list
        case 13: return .struct
        case 15:
            let width = try int32(0, 0)
            guard width >= 0 else { throw .malformed("field \"\(field)\" has byte width \(width)") }
            return .fixedSizeBinary(byteWidth: width)
        case 16:
            let size = try int32(0, 0)
            guard size >= 0 else { throw .malformed("field \"\(field)\" has list size \(size)") }
            return .fixedSizeList(listSize: size)
        case 17: return .map(keysSorted: try table?.bool(0) ?? false)
        case 18: return .duration(try unit(0, 1))
        case 19: return .largeBinary
        case 20: return .largeUtf8
        case 21: return .largeList
        case 11, 14, 22...26:
            let names: [UInt8: String] = [
                11: "Interval", 14: "Union", 22: "RunEndEncoded", 23: "BinaryView",
                24: "Utf8View", 25: "ListView", 26: "LargeListView",
            ]
            throw .unsupported("type \(names[tag] ?? "\(tag)") of field \"\(field)\"")
        default:
            throw .malformed("field \"\(field)\" has unknown type tag \(tag)")
        }
    }
}
