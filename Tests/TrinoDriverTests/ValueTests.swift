import SwitchyardDrivers
import HTTPDriverKit
import Testing
@testable import TrinoDriver

/// Reading Trino's JSON without losing a digit, and the types the emulator's seed does not hold.
@Suite struct ValueTests {
    @Test func numbersKeepTheirDigits() throws {
        let node = try JSONNodeParser.parse(Array(#"[9223372036854775807, -0.000000001e-5, 1E400, "\ud83d\ude00\n\u00e9"]"#.utf8))
        #expect(node == .array([.number("9223372036854775807"), .number("-0.000000001e-5"), .number("1E400"), .string("😀\né")]))
    }

    @Test func malformedBodiesAreRefused() {
        for text in [#"{"a":1"#, "[1,]", "01", #""\x""#, "[1] 2", "tru", String(repeating: "[", count: 600)] {
            #expect(throws: JSONNodeParser.Failure.self) { try JSONNodeParser.parse(Array(text.utf8)) }
        }
    }

    @Test func timestampsInNamedZonesGetTheirOffset() {
        #expect(TemporalText.isoWithZone("2024-07-01 12:00:00.000 America/New_York") == "2024-07-01T12:00:00-04:00")
        #expect(TemporalText.isoWithZone("2024-01-01 12:00:00 Asia/Kolkata") == "2024-01-01T12:00:00+05:30")
        #expect(TemporalText.isoWithZone("2024-01-01 12:00:00.123456789012 -08:00") == "2024-01-01T12:00:00.123456789012-08:00")
        #expect(TemporalText.isoWithZone("2024-01-01 12:00:00 Nowhere/Atlantis") == nil)
    }

    @Test func unknownTypesPassThroughAsTrinoWroteThem() throws {
        let signature = try JSONNodeParser.parse(Array(#"{"rawType":"interval day to second","arguments":[]}"#.utf8))
        let interval = TrinoType(signature: signature)
        #expect(interval == .other)
        #expect(interval.value(of: .string("1 02:03:04.000")) == .string("1 02:03:04.000"))
        #expect(TrinoType.other.value(of: .array([.number("1")])) == .json("[1]"))
    }

    @Test func anonymousRowFieldsAreNamedByPosition() throws {
        let signature = try JSONNodeParser.parse(Array(#"""
            {"rawType":"row","arguments":[{"kind":"NAMED_TYPE","value":{"typeSignature":{"rawType":"bigint","arguments":[]}}},
             {"kind":"NAMED_TYPE","value":{"fieldName":{"name":"b"},"typeSignature":{"rawType":"double","arguments":[]}}}]}
            """#.utf8))
        let row = TrinoType(signature: signature)
        #expect(row.value(of: .array([.number("7"), .string("Infinity")])) == .json(#"{"field0":7,"b":"Infinity"}"#))
    }
}
