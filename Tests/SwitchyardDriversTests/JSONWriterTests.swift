import Foundation
import SwitchyardDrivers
import Testing

/// The JSON every result is written as, checked against Foundation's own parser and printer so
/// that the byte-level fast paths (digits on the stack, text copied whole when nothing needs
/// escaping) write what a general JSON library would read back unchanged.
@Suite struct JSONWriterTests {
    private func json(_ value: SQLValue) -> String { JSONWriter.text(of: value) }

    /// What Foundation reads back from `text`, wrapped in an array so that scalars parse too.
    private func parsed(_ text: String) throws -> Any {
        let array = try JSONSerialization.jsonObject(with: Data("[\(text)]".utf8)) as? [Any]
        return try #require(array?.first)
    }

    @Test(arguments: [Int64.min, Int64.min + 1, -1_000_000_007, -10, -1, 0, 1, 9, 10, 99, 100, 4_294_967_296, Int64.max])
    func integersAreTheirDecimalDigits(number: Int64) throws {
        #expect(json(.integer(number)) == String(number))
        var out: [UInt8] = Array("x".utf8)
        JSONWriter.appendInteger(number, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "x" + String(number))
    }

    @Test(arguments: ["", "plain text", "row 12345", "é ü 漢字 🚀", "quote \" here", "back\\slash", "tab\tnew\nline\rcr",
        "\u{0}\u{1}\u{1F}\u{7F}", String(repeating: "long text without escapes ", count: 40)])
    func stringsReadBackAsWritten(text: String) throws {
        let written = json(.string(text))
        #expect(try parsed(written) as? String == text)
        #expect(written.unicodeScalars.allSatisfy { $0.value >= 0x20 }, "control characters are escaped")
    }

    @Test func controlCharactersUseShortEscapesWhereJSONHasThem() {
        #expect(json(.string("a\nb\tc\rd\"e\\f")) == #""a\nb\tc\rd\"e\\f""#)
        #expect(json(.string("\u{0}\u{1B}")) == #""\u0000\u001b""#)
    }

    @Test(arguments: [0.1, -0.5, 1.0 / 3.0, 1e300, -2.5e-308, 123_456_789.125, 1e16, .leastNonzeroMagnitude, .greatestFiniteMagnitude])
    func doublesAreTheirShortestRoundTrippingText(number: Double) throws {
        let written = json(.double(number))
        #expect(written == number.description)
        #expect(Double(written) == number)
        var out: [UInt8] = Array("[1,".utf8)
        JSONWriter.appendDouble(number, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "[1," + number.description)
    }

    /// Counted timestamps write the same ISO 8601 text as the engines' own (`.timestamp`).
    @Test func countedTimestampsAreTheirISOText() throws {
        #expect(json(.timestampMicros(1_709_214_330_500_000, utc: false)) == #""2024-02-29T13:45:30.5""#)
        #expect(json(.timestampMicros(1_709_207_130_000_000, utc: true)) == #""2024-02-29T11:45:30Z""#)
        #expect(json(.timestampMicros(0, utc: false)) == #""1970-01-01T00:00:00""#)
        #expect(json(.timestampMicros(-1, utc: true)) == #""1969-12-31T23:59:59.999999Z""#)
        #expect(json(.timestampMicros(-62_135_596_800_000_001, utc: false)) == #""0000-12-31T23:59:59.999999""#)
        for micros: Int64 in [-86_400_000_001, 1, 999_999, 1_000_000, 253_402_300_799_999_999] {
            let text = TemporalFormat.timestamp(micros, unitsPerSecond: 1_000_000)
            #expect(json(.timestampMicros(micros, utc: false)) == JSONWriter.quoted(text))
            #expect(json(.timestampMicros(micros, utc: true)) == JSONWriter.quoted(text + "Z"))
        }
    }

    @Test func nonFiniteDoublesAndNonNumericDecimalsAreStrings() {
        #expect(json(.double(.nan)) == #""nan""#)
        #expect(json(.decimal("NaN")) == #""NaN""#)
        #expect(json(.decimal("-12.50")) == "-12.50")
        #expect(json(.json(#"{"a":[1,2]}"#)) == #"{"a":[1,2]}"#)
    }
}
