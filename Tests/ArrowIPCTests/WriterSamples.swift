import ArrowIPC

/// Rows of every writable type, shared by the round-trip and pyarrow tests: ordinary values,
/// nulls, unicode, and extremes that Python's `datetime` can still represent (years 1 to 9999).
enum WriterSamples {
    static let fields: [ArrowWriteField] = [
        .init(name: "id", type: .int64, nullable: false),
        .init(name: "flag", type: .bool),
        .init(name: "count", type: .int64),
        .init(name: "ratio", type: .float64),
        .init(name: "name", type: .utf8),
        .init(name: "blob", type: .binary),
        .init(name: "amount", type: .decimal128(precision: 38, scale: 10)),
        .init(name: "price", type: .decimal128(precision: 18, scale: 2), nullable: false),
        .init(name: "thousands", type: .decimal128(precision: 5, scale: -3)),
        .init(name: "day", type: .date32),
        .init(name: "clock", type: .time64Microseconds),
        .init(name: "local", type: .timestampMicroseconds(timeZone: nil)),
        .init(name: "instant", type: .timestampMicroseconds(timeZone: "UTC")),
        .init(name: "zurich", type: .timestampMicroseconds(timeZone: "Europe/Zurich")),
    ]

    /// 10^38 - 1, the largest unscaled value of a 38-digit decimal.
    static let largestDecimal = Int128("99999999999999999999999999999999999999")!

    /// Microseconds from 1970 to 0001-01-01T00:00:00 and to 9999-12-31T23:59:59.999999.
    static let firstMicrosecond: Int64 = -62_135_596_800_000_000
    static let lastMicrosecond: Int64 = 253_402_300_799_999_999

    static let ordinary: [[ArrowWriteValue]] = [
        [.int64(1), .bool(true), .int64(42), .float64(1.5), .utf8("plain"), .binary([0x00, 0xFF, 0x10]),
         .decimal128(1_234_567_890_123), .decimal128(12_345), .decimal128(12_345), .date32(19_723),
         .time64(45_296_789_012), .timestamp(1_704_067_200_000_001), .timestamp(1_704_067_200_000_001),
         .timestamp(1_719_792_000_123_456)],
        [.int64(2), .bool(false), .int64(.min), .float64(.nan), .utf8("héllo wörld ✓"), .binary([]),
         .decimal128(-largestDecimal), .decimal128(-999_999_999_999_999_999), .decimal128(-99_999), .date32(-719_162),
         .time64(0), .timestamp(firstMicrosecond), .timestamp(-1), .timestamp(-1)],
        [.int64(3), .null, .int64(.max), .float64(.infinity), .utf8("👩‍👩‍👧 家族 \u{0} e\u{301}"), .null,
         .decimal128(largestDecimal), .decimal128(999_999_999_999_999_999), .null, .date32(2_932_896),
         .time64(86_399_999_999), .timestamp(lastMicrosecond), .timestamp(lastMicrosecond - 86_400_000_000), .null],
        [.int64(4), .bool(true), .null, .float64(-.infinity), .utf8(""), .binary(Array(0...255)),
         .null, .decimal128(0), .decimal128(0), .null, .null, .null, .null, .timestamp(0)],
        [.int64(5), .null, .int64(0), .float64(-0.0), .null, .binary([0x61]),
         .decimal128(-1), .decimal128(-1), .decimal128(1), .date32(-1), .time64(1), .timestamp(-86_400_000_000_001),
         .timestamp(-62_135_596_800_000_000), .timestamp(-2_208_988_800_000_000)],
        [.int64(6), .bool(false), .int64(-1), .float64(Double(nan: 0x1234, signaling: false)),
         .utf8(String(repeating: "ünïcode ", count: 40)), .binary([0xDE, 0xAD, 0xBE, 0xEF]),
         .decimal128(1), .decimal128(1), .decimal128(-1), .date32(0), .time64(43_200_000_000),
         .timestamp(951_782_400_000_000), .timestamp(951_782_400_000_000), .timestamp(1_711_846_800_000_000)],
        [.int64(7), .null, .null, .null, .null, .null, .null, .decimal128(7), .null, .null, .null, .null, .null, .null],
    ]

    /// Only nulls wherever nulls are allowed.
    static let nulls: [[ArrowWriteValue]] = (0..<9).map { row in
        fields.map { field in field.nullable ? .null : (field.type == .int64 ? .int64(Int64(row)) : .decimal128(0)) }
    }

    /// `count` rows of random values (about one in five null), the same on every run for a `seed`.
    static func random(count: Int, seed: UInt64) -> [[ArrowWriteValue]] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { row in
            fields.map { field in
                if field.nullable, Int.random(in: 0..<5, using: &generator) == 0 { return .null }
                return randomValue(field.type, row: row, using: &generator)
            }
        }
    }

    private static func randomValue(
        _ type: ArrowWriteType, row: Int, using generator: inout SplitMix64
    ) -> ArrowWriteValue {
        switch type {
        case .bool: return .bool(Bool.random(using: &generator))
        case .int64: return .int64(Int64.random(in: .min ... .max, using: &generator))
        case .float64: return .float64(Double(bitPattern: UInt64.random(in: 0 ... .max, using: &generator)))
        case .utf8:
            let scalars = (0..<Int.random(in: 0..<12, using: &generator)).map { _ in
                ["a", "ß", "€", "𝄞", "語", " "][Int.random(in: 0..<6, using: &generator)]
            }
            return .utf8(scalars.joined())
        case .binary:
            let count = Int.random(in: 0..<9, using: &generator)
            return .binary((0..<count).map { _ in UInt8.random(in: 0 ... 255, using: &generator) })
        case let .decimal128(precision, _):
            let largest = Int128(String(repeating: "9", count: precision))!
            return .decimal128(Int128.random(in: -largest ... largest, using: &generator))
        case .date32: return .date32(Int32.random(in: -719_162 ... 2_932_896, using: &generator))
        case .time64Microseconds: return .time64(Int64.random(in: 0 ..< 86_400_000_000, using: &generator))
        case .timestampMicroseconds(nil), .timestampMicroseconds("UTC"):
            return .timestamp(Int64.random(in: firstMicrosecond ... lastMicrosecond, using: &generator))
        case .timestampMicroseconds:
            // A zone east of UTC would move the last instants past year 9999 in Python.
            let lastSafe = lastMicrosecond - 86_400_000_000
            return .timestamp(Int64.random(in: firstMicrosecond ... lastSafe, using: &generator))
        }
    }
}
