import HTTPDriverKit
import SwitchyardDrivers
import Testing
@testable import BigQueryDriver

/// Types and cells as BigQuery writes them, read without a server.
@Suite struct FieldTests {
    @Test func legacyAndStandardNamesAreOneType() {
        #expect(BigQueryField(name: "a", type: "INTEGER").typeName == "INT64")
        #expect(BigQueryField(name: "a", type: "FLOAT", isRepeated: true).typeName == "ARRAY<FLOAT64>")
        let record = BigQueryField(name: "r", type: "RECORD", fields: [BigQueryField(name: "b", type: "BOOLEAN")])
        #expect(record.typeName == "STRUCT<b BOOL>")
        #expect(record.columns().map(\.name) == ["r", "r.b"])
    }

    @Test func numbersKeepTheirDigitsAndLoseOnlyPadding() {
        let numeric = BigQueryField(name: "n", type: "BIGNUMERIC")
        #expect(numeric.value(of: .string("123456789012345678901234567890.123400000")) == .decimal("123456789012345678901234567890.1234"))
        #expect(numeric.value(of: .string("100")) == .decimal("100"))
        #expect(numeric.value(of: .string("5.000")) == .decimal("5"))
        let float = BigQueryField(name: "f", type: "FLOAT64")
        #expect(float.value(of: .string("NaN")) == .string("NaN"), "as every engine writes it")
        #expect(float.value(of: .string("-Infinity")) == .string("-Infinity"))
        #expect(float.value(of: .string("0.1")) == .double(0.1))
        #expect(BigQueryField(name: "i", type: "INT64").value(of: .string("-9223372036854775808")) == .integer(.min))
    }

    @Test func timestampsAreMicrosecondsOrFloatSeconds() {
        let field = BigQueryField(name: "t", type: "TIMESTAMP")
        #expect(field.value(of: .string("-1")) == .timestamp("1969-12-31T23:59:59.999999Z"))
        #expect(field.value(of: .string("1.7092143301234E9")) == .timestamp("2024-02-29T13:45:30.1234Z"))
    }
}
