/// Exact text for DuckDB's numeric encodings that have no Swift counterpart of their own.
enum NumberText {
    /// A UUID as DuckDB stores it (a HUGEINT with the top bit flipped, so that UUIDs sort as
    /// their text does) in its usual 8-4-4-4-12 form.
    static func uuid(_ stored: Int128) -> String {
        let value = UInt128(bitPattern: stored) ^ (UInt128(1) << 127)
        let hex = String(value, radix: 16)
        let full = Array(String(repeating: "0", count: 32 - hex.count) + hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(full[$0]) }.joined(separator: "-")
    }

    /// A BIT string: its first byte counts the padding bits at the start of the second byte.
    static func bits(_ bytes: UnsafeRawBufferPointer) -> String {
        guard let padding = bytes.first else { return "" }
        var text = ""
        for (index, byte) in bytes.dropFirst().enumerated() {
            for bit in (index == 0 ? Int(padding) : 0)..<8 {
                text += (byte >> (7 - bit)) & 1 == 1 ? "1" : "0"
            }
        }
        return text
    }

    /// A BIGNUM: a 3-byte header whose top bit is set for positive numbers, then the magnitude's
    /// bytes, most significant first; negative numbers store header and bytes inverted.
    static func bignum(_ bytes: UnsafeRawBufferPointer) -> String {
        guard bytes.count > 3 else { return "0" }
        let negative = bytes[0] & 0x80 == 0
        var magnitude = bytes.dropFirst(3).map { negative ? ~$0 : $0 }
        // Repeated division by 10^9 of the big-endian byte string.
        var groups: [UInt32] = []
        while magnitude.contains(where: { $0 != 0 }) {
            var remainder: UInt64 = 0
            for index in magnitude.indices {
                let current = remainder << 8 | UInt64(magnitude[index])
                magnitude[index] = UInt8(current / 1_000_000_000)
                remainder = current % 1_000_000_000
            }
            groups.append(UInt32(remainder))
        }
        guard let last = groups.popLast() else { return "0" }
        let rest = groups.reversed().map { String(repeating: "0", count: 9 - String($0).count) + String($0) }
        return (negative ? "-" : "") + String(last) + rest.joined()
    }
}
