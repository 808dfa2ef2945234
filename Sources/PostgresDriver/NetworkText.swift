import PostgresNIO

/// The text forms of the small fixed-layout types: addresses, bit strings and WAL positions,
/// as the server prints them.
enum NetworkText {
    /// `08:00:2b:01:02:03` (six bytes) or its eight-byte EUI-64 form.
    static func macaddr(_ buffer: inout ByteBuffer, length: Int) -> String? {
        guard let bytes = buffer.readBytes(length: length) else { return nil }
        return bytes.map { hex($0) }.joined(separator: ":")
    }

    /// `192.168.0.1`, `10.0.0.0/8`, `2001:db8::1/64`: family, bits, is-cidr flag, byte count,
    /// then the address. The prefix length is shown for `cidr`, and for `inet` when it is not
    /// the whole address.
    static func inet(_ buffer: inout ByteBuffer) -> String? {
        guard let (family, bits, isCIDR, count) = buffer.readMultipleIntegers(as: (UInt8, UInt8, UInt8, UInt8).self),
            let bytes = buffer.readBytes(length: Int(count))
        else { return nil }
        let address: String
        let fullLength: UInt8
        switch (family, bytes.count) {
        case (2, 4):
            address = bytes.map(String.init).joined(separator: ".")
            fullLength = 32
        case (3, 16):
            address = ipv6(bytes)
            fullLength = 128
        default: return nil
        }
        return isCIDR != 0 || bits != fullLength ? "\(address)/\(bits)" : address
    }

    /// Eight groups of hex, the longest run of two or more zero groups written `::`.
    private static func ipv6(_ bytes: [UInt8]) -> String {
        let groups = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        var best = (start: -1, length: 0)
        var index = 0
        while index < 8 {
            guard groups[index] == 0 else {
                index += 1
                continue
            }
            let start = index
            while index < 8, groups[index] == 0 { index += 1 }
            if index - start > best.length { best = (start, index - start) }
        }
        let text = groups.map { String($0, radix: 16) }
        guard best.length >= 2 else { return text.joined(separator: ":") }
        let head = text[..<best.start].joined(separator: ":")
        let tail = text[(best.start + best.length)...].joined(separator: ":")
        return head + "::" + tail
    }

    /// `bit` and `bit varying`: a bit count, then the bits, most significant first.
    static func bits(_ buffer: inout ByteBuffer) -> String? {
        guard let count = buffer.readInteger(as: Int32.self), count >= 0,
            let bytes = buffer.readBytes(length: (Int(count) + 7) / 8)
        else { return nil }
        return String((0..<Int(count)).map { bytes[$0 / 8] & (0x80 >> UInt8($0 % 8)) != 0 ? "1" : "0" })
    }

    /// `16/B374D848`: a WAL position's high and low halves in upper-case hex.
    static func lsn(_ buffer: inout ByteBuffer) -> String? {
        guard let value = buffer.readInteger(as: UInt64.self) else { return nil }
        return String(value >> 32, radix: 16, uppercase: true) + "/"
            + String(value & 0xFFFF_FFFF, radix: 16, uppercase: true)
    }

    static func hex(_ byte: UInt8) -> String {
        let text = String(byte, radix: 16)
        return byte < 16 ? "0" + text : text
    }
}
