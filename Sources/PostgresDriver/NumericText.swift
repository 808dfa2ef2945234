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
        var digits: [Int16] = []
        digits.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let digit = buffer.readInteger(as: Int16.self), (0..<10000).contains(digit) else { return nil }
            digits.append(digit)
        }
        return .number(text(digits: digits, weight: Int(weight), negative: sign == 0x4000, scale: Int(scale)))
    }

    static func text(digits: [Int16], weight: Int, negative: Bool, scale: Int) -> String {
        func digit(_ index: Int) -> Int16 { index >= 0 && index < digits.count ? digits[index] : 0 }
        var result = negative && digits.contains(where: { $0 != 0 }) ? "-" : ""
        if weight < 0 {
            result += "0"
        } else {
            result += String(digit(0))
            for index in stride(from: 1, through: weight, by: 1) { result += padded(digit(index)) }
        }
        guard scale > 0 else { return result }
        var fraction = ""
        var index = weight + 1
        while fraction.count < scale {
            fraction += padded(digit(index))
            index += 1
        }
        return result + "." + fraction.prefix(scale)
    }

    private static func padded(_ digit: Int16) -> String {
        let text = String(digit)
        return String(repeating: "0", count: 4 - text.count) + text
    }
}
