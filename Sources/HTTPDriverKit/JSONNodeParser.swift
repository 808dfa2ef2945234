/// Reads a service's response body into `JSONNode`s. Written here rather than taken from
/// Foundation because Foundation turns numbers into `Double` or `Int` by guessing, and a result
/// value must keep every digit the service sent.
public struct JSONNodeParser {
    public enum Failure: Error, Equatable {
        case malformed(offset: Int)
    }

    private let bytes: [UInt8]
    private var index = 0
    /// Nesting allowed before the body is refused: a guard against hostile depth.
    private let maxDepth = 512

    public static func parse(_ bytes: [UInt8]) throws(Failure) -> JSONNode {
        var parser = JSONNodeParser(bytes: bytes)
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.index == bytes.count else { throw .malformed(offset: parser.index) }
        return value
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private mutating func value(depth: Int) throws(Failure) -> JSONNode {
        guard depth < maxDepth else { throw .malformed(offset: index) }
        skipSpace()
        switch current {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    private mutating func literal(_ word: StaticString) throws(Failure) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw .malformed(offset: index) }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw .malformed(offset: index)
        }
        index += count
    }

    private mutating func expect(_ byte: UInt8) throws(Failure) {
        skipSpace()
        guard current == byte else { throw .malformed(offset: index) }
        index += 1
    }

    private mutating func object(depth: Int) throws(Failure) -> JSONNode {
        index += 1
        var members: [JSONNode.Member] = []
        skipSpace()
        if current == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipSpace()
            guard current == UInt8(ascii: "\"") else { throw .malformed(offset: index) }
            let key = try string()
            try expect(UInt8(ascii: ":"))
            members.append(JSONNode.Member(key: key, value: try value(depth: depth + 1)))
            skipSpace()
            guard let byte = current else { throw .malformed(offset: index) }
            index += 1
            if byte == UInt8(ascii: "}") { return .object(members) }
            guard byte == UInt8(ascii: ",") else { throw .malformed(offset: index - 1) }
        }
    }

    private mutating func array(depth: Int) throws(Failure) -> JSONNode {
        index += 1
        var items: [JSONNode] = []
        skipSpace()
        if current == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            items.append(try value(depth: depth + 1))
            skipSpace()
            guard let byte = current else { throw .malformed(offset: index) }
            index += 1
            if byte == UInt8(ascii: "]") { return .array(items) }
            guard byte == UInt8(ascii: ",") else { throw .malformed(offset: index - 1) }
        }
    }

    /// A number's text, checked against JSON's grammar: `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`.
    private mutating func number() throws(Failure) -> String {
        let start = index
        func isDigit(_ byte: UInt8?) -> Bool { byte.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
        if current == UInt8(ascii: "-") { index += 1 }
        guard isDigit(current) else { throw .malformed(offset: start) }
        if current == UInt8(ascii: "0") { index += 1 } else { while isDigit(current) { index += 1 } }
        if current == UInt8(ascii: ".") {
            index += 1
            guard isDigit(current) else { throw .malformed(offset: index) }
            while isDigit(current) { index += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard isDigit(current) else { throw .malformed(offset: index) }
            while isDigit(current) { index += 1 }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func string() throws(Failure) -> String {
        index += 1
        var out: [UInt8] = []
        var runStart = index
        while true {
            guard let byte = current else { throw .malformed(offset: index) }
            if byte == UInt8(ascii: "\"") {
                out.append(contentsOf: bytes[runStart..<index])
                index += 1
                return String(decoding: out, as: UTF8.self)
            }
            guard byte >= 0x20 else { throw .malformed(offset: index) }
            if byte != UInt8(ascii: "\\") { index += 1; continue }
            out.append(contentsOf: bytes[runStart..<index])
            index += 1
            try escape(into: &out)
            runStart = index
        }
    }

    /// One escape after its backslash, appended as UTF-8.
    private mutating func escape(into out: inout [UInt8]) throws(Failure) {
        guard let byte = current else { throw .malformed(offset: index) }
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(byte)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4()
            if (0xD800..<0xDC00).contains(scalar), current == UInt8(ascii: "\\"),
                index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u")
            {
                index += 2
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw .malformed(offset: index) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            }
            let character = Unicode.Scalar(scalar).map { Character($0) } ?? "\u{FFFD}"
            out.append(contentsOf: String(character).utf8)
        default: throw .malformed(offset: index - 1)
        }
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw .malformed(offset: index) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw .malformed(offset: index)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}
