import ArrowIPC
import Testing

/// Reads every pyarrow-written fixture and compares it, value by value, with pyarrow's own reading.
@Suite("pyarrow fixtures")
struct FixtureTests {
    /// Reads the whole stream, checking the schema and each batch against expected.json.
    private func readAndCompare(_ name: String) throws -> [ArrowRecordBatch] {
        let expected = try Fixtures.expected(name)
        var reader = try ArrowStreamReader(Fixtures.bytes(name))
        Expectations.check(reader.schema, matches: expected)
        var batches: [ArrowRecordBatch] = []
        while let batch = try reader.nextBatch() {
            batches.append(batch)
        }
        try #require(batches.count == expected.batches.count)
        for (batch, want) in zip(batches, expected.batches) {
            Expectations.check(batch, matches: want)
        }
        #expect(try reader.nextBatch() == nil, "the end of a stream stays the end")
        return batches
    }

    @Test func expectationsComeFromPyarrow() {
        #expect(!Fixtures.expectations.pyarrowVersion.isEmpty)
    }

    @Test func allTypesMatchPyarrow() throws {
        let batches = try readAndCompare("all_types.arrows")
        let batch = try #require(batches.first)
        #expect(batch.length == 5)
        for column in batch.columns {
            #expect(column.nullCount > 0, "\(column.field.name) has a null")
        }
    }

    @Test func allTypesDecodeTheirDeclaredTypes() throws {
        let reader = try ArrowStreamReader(Fixtures.bytes("all_types.arrows"))
        let types = Dictionary(uniqueKeysWithValues: reader.schema.fields.map { ($0.name, $0.type) })
        #expect(types["u64"] == .int(bitWidth: 64, signed: false))
        #expect(types["f16"] == .floatingPoint(.half))
        #expect(types["date64"] == .date(.millisecond))
        #expect(types["time64_ns"] == .time(.nanosecond, bitWidth: 64))
        #expect(types["ts_ns_ny"] == .timestamp(.nanosecond, timezone: "America/New_York"))
        #expect(types["ts_s"] == .timestamp(.second, timezone: nil))
        #expect(types["dec_38_5"] == .decimal(precision: 38, scale: 5, bitWidth: 128))
        #expect(types["fixed_list"] == .fixedSizeList(listSize: 2))
        #expect(types["map"] == .map(keysSorted: false))
    }

    @Test func valuesThroughThePublicAccessors() throws {
        var reader = try ArrowStreamReader(Fixtures.bytes("all_types.arrows"))
        let batch = try #require(try reader.nextBatch())
        let text = try #require(batch.column(named: "utf8"))
        #expect(text.string(3) == "héllo wörld ✓")
        let list = try #require(batch.column(named: "list"))
        let items = list.children[0]
        #expect(list.list(0).map(items.int64) == [1, 2, 3])
        let wide = try #require(batch.column(named: "u64"))
        #expect(wide.uint64(0) == UInt64.max)
        let decimal = try #require(batch.column(named: "dec_38_5"))
        #expect(decimal.decimal128(3) == Int128("99999999999999999999999999999999999999"))
    }

    @Test func multiBatchStreamReadsBatchByBatch() throws {
        let batches = try readAndCompare("multi_batch.arrows")
        #expect(batches.map(\.length) == [3, 0, 5, 2])
        #expect(batches[1].columns.allSatisfy { $0.length == 0 })
    }

    @Test func legacyFramingWithoutContinuationMarker() throws {
        let batches = try readAndCompare("legacy_format.arrows")
        #expect(batches.map(\.length) == [3, 0, 5, 2])
    }

    @Test func schemaOnlyStreamHasNoBatch() throws {
        let batches = try readAndCompare("schema_only.arrows")
        #expect(batches.isEmpty)
        let reader = try ArrowStreamReader(Fixtures.bytes("schema_only.arrows"))
        #expect(reader.schema.fields.map(\.name) == ["id", "name"])
    }

    @Test func snowflakeShapedChunk() throws {
        _ = try readAndCompare("snowflake.arrows")
        let reader = try ArrowStreamReader(Fixtures.bytes("snowflake.arrows"))
        let fields = Dictionary(uniqueKeysWithValues: reader.schema.fields.map { ($0.name, $0) })
        let fixed = try #require(fields["FIXED_I16"])
        #expect(fixed.metadata == ["logicalType": "FIXED", "scale": "2", "precision": "10"])
        let tz = try #require(fields["TIMESTAMP_TZ"])
        #expect(tz.type == .struct)
        #expect(tz.children.map(\.name) == ["epoch", "fraction", "timezone"])
        #expect(fields["VARIANT"]?.metadata["logicalType"] == "VARIANT")
        #expect(reader.schema.metadata == ["source": "snowflake-shaped"])
    }
}
