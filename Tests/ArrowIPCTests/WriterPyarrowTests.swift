import ArrowIPC
import Testing

/// pyarrow, the reference reader, reads what the writer wrote: types with their unit, zone,
/// precision and scale, null counts, and every value, after a full validation of each batch.
/// One test, so one python3 process at a time.
@Suite("Arrow stream writer read by pyarrow")
struct WriterPyarrowTests {
    private static let expectedFields: [WriterPyarrow.Field] = [
        .init(name: "id", type: "int64", nullable: false),
        .init(name: "flag", type: "bool", nullable: true),
        .init(name: "count", type: "int64", nullable: true),
        .init(name: "ratio", type: "double", nullable: true),
        .init(name: "name", type: "string", nullable: true),
        .init(name: "blob", type: "binary", nullable: true),
        .init(name: "amount", type: "decimal128(38, 10)", nullable: true, precision: 38, scale: 10, bitWidth: 128),
        .init(name: "price", type: "decimal128(18, 2)", nullable: false, precision: 18, scale: 2, bitWidth: 128),
        .init(name: "thousands", type: "decimal128(5, -3)", nullable: true, precision: 5, scale: -3, bitWidth: 128),
        .init(name: "day", type: "date32[day]", nullable: true, bitWidth: 32),
        .init(name: "clock", type: "time64[us]", nullable: true, unit: "us", bitWidth: 64),
        .init(name: "local", type: "timestamp[us]", nullable: true, unit: "us"),
        .init(name: "instant", type: "timestamp[us, tz=UTC]", nullable: true, unit: "us", tz: "UTC"),
        .init(name: "zurich", type: "timestamp[us, tz=Europe/Zurich]", nullable: true, unit: "us", tz: "Europe/Zurich"),
    ]

    @Test func pyarrowReadsEveryTypeAndValue() throws {
        let fields = WriterSamples.fields
        let batches = [WriterSamples.ordinary, [], WriterSamples.nulls, WriterSamples.random(count: 1_001, seed: 7)]
        let stream = try WriterRoundTrip.stream(ArrowStreamWriter(fields: fields), batches)

        let reading = try WriterPyarrow.read(stream)
        #expect(reading.fields == Self.expectedFields, "pyarrow \(reading.pyarrow)")
        try #require(reading.batches.count == batches.count)
        for (index, (rows, read)) in zip(batches, reading.batches).enumerated() {
            #expect(read.length == rows.count, "batch \(index)")
            try #require(read.columns.count == fields.count)
            for (column, field) in fields.enumerated() {
                let values = rows.map { $0[column] }
                let place = "batch \(index), \(field.name)"
                let seen = read.columns[column]
                #expect(seen.nullCount == values.filter { $0 == .null }.count, "null count of \(place)")
                let expected = values.map { ExactText(WriterText.of($0, as: field.type)) }
                let actual = seen.values.map(ExactText.init)
                WriterRoundTrip.expectSame(actual, expected, "values of \(place)")
                if let raw = seen.raw {
                    WriterRoundTrip.expectSame(raw, values.map(Self.integer), "integers under \(place)")
                }
            }
        }
    }

    /// The integer a date, time or timestamp cell holds, as pyarrow prints it after a cast.
    private static func integer(_ value: ArrowWriteValue) -> String? {
        switch value {
        case let .date32(days): String(days)
        case let .time64(micros), let .timestamp(micros): String(micros)
        default: nil
        }
    }
}

/// Text compared by its UTF-8 bytes: Swift's String equality would let "é" equal "e\u{301}".
private struct ExactText: Equatable, CustomStringConvertible {
    let text: String?

    init(_ text: String?) {
        self.text = text
    }

    static func == (left: ExactText, right: ExactText) -> Bool {
        left.text.map { Array($0.utf8) } == right.text.map { Array($0.utf8) }
    }

    var description: String {
        text?.debugDescription ?? "null"
    }
}
