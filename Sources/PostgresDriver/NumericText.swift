import PostgresNIO

/// PostgreSQL's binary `numeric` as exact decimal text, digit for digit what the server itself
/// prints (`12345678901234567890.123456789`, `-0.0001`, `1.50`): never through a binary float.
///
/// The wire form is `ndigits`, `weight`, `sign` and `dscale` (16 bits each), then `ndigits`
/// base-10000 digits; the first digit stands for 10000^weight, and `dscale` is the number of
/// decimal places to print.
enum NumericText {
    enum Value: Equatable {
        case number(String)
        /// `NaN`, `Infinity` or `-Infinity`: no JSON number can hold these.
        case special(String)
    }

    static func read(_ buffer: inout ByteBuffer) -> Value? {
        guard let (count, weight, sign, scale) = buffer.readMultipleIntegers(as: (Int16, Int16, UInt16, Int16).self),
            count >= 0, scale >= 0
        else { return nil }
        switch sign {
        case 0xC000: return .special("NaN")
        case 0xD000: return .special("Infinity")
        case 0xF000: return .special("-Infinity")
        case 0x0000, 0x4000: break
        default: return nil
        }
        return withUnsafeTemporaryAllocation(of: Int16.self, capacity: Int(count)) { digits -> Value? in
            for index in 0..<Int(count) {
                guard let digit = buffer.readInteger(as: Int16.self), (0..<10000).contains(digit) else { return nil }
                digits[index] = digit
            }
            let text = text(digits: UnsafeBufferPointer(digits), weight: Int(weight), negative: sign == 0x4000, scale: Int(scale))
            return .number(text)
        }
    }

    static func text(digits: [Int16], weight: Int, negative: Bool, scale: Int) -> String {
        digits.withUnsafeBufferPointer { text(digits: $0, weight: weight, negative: negative, scale: scale) }
    }

    /// Written byte by byte into a buffer on the stack, the digits too: this runs for every
    /// numeric of every streamed row, and most numerics' text fits a `String` that needs no
    /// allocation of its own (15 bytes).
    static func text(digits: UnsafeBufferPointer<Int16>, weight: Int, negative: Bool, scale: Int) -> String {
        let capacity = 2 + max(weight + 1, 1) * 4 + 1 + scale + 4
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { out in
            let count = write(digits: digits, weight: weight, negative: negative, scale: scale, into: out)
            return String(decoding: UnsafeBufferPointer(rebasing: out[..<count]), as: UTF8.self)
        }
    }

    /// Writes the text into `out` (large enough) and returns its length.
    private static func write(
        digits: UnsafeBufferPointer<Int16>, weight: Int, negative: Bool, scale: Int, into out: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        func digit(_ index: Int) -> Int16 { index >= 0 && index < digits.count ? digits[index] : 0 }
        var count = 0
        func put(_ byte: UInt8) {
            out[count] = byte
            count += 1
        }
        /// A base-10000 digit as four decimal digits, or as few as it needs when leading.
        func put(_ value: Int16, leading: Bool) {
            var started = !leading
            var place: Int16 = 1000
            while place > 0 {
                let decimal = value / place % 10
                if decimal != 0 || started || place == 1 {
                    put(UInt8(ascii: "0") + UInt8(decimal))
                    started = true
                }
                place /= 10
            }
        }
        if negative && digits.contains(where: { $0 != 0 }) { put(UInt8(ascii: "-")) }
        if weight < 0 {
            put(UInt8(ascii: "0"))
        } else {
            put(digit(0), leading: true)
            for index in stride(from: 1, through: weight, by: 1) { put(digit(index), leading: false) }
        }
        guard scale > 0 else { return count }
        put(UInt8(ascii: "."))
        var written = 0
        var index = weight + 1
        while written < scale {
            let group = digit(index)
            var place: Int16 = 1000
            while place > 0 && written < scale {
                put(UInt8(ascii: "0") + UInt8(group / place % 10))
                written += 1
                place /= 10
            }
            index += 1
        }
        return count
    }
}
