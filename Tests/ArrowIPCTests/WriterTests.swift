import ArrowIPC
import Testing

/// Streams written by ``ArrowStreamWriter``, read back by this module's reader and checked
/// against the IPC format's framing and alignment rules.
@Suite("Arrow stream writer")
struct WriterTests {
    @Test func everyTypeRoundTripsWithNullsAndEmptyBatches() throws {
        try WriterRoundTrip.check(
            fields: WriterSamples.fields,
            batches: [WriterSamples.ordinary, [], WriterSamples.nulls, [], WriterSamples.ordinary])
    }

    @Test(arguments: [1, 7, 8, 9, 63, 64, 65, 1_001])
    func randomRowsRoundTrip(count: Int) throws {
        try WriterRoundTrip.check(
            fields: WriterSamples.fields,
            batches: [
                WriterSamples.random(count: count, seed: UInt64(count)),
                WriterSamples.random(count: 3, seed: 99),
            ])
    }

    /// Values Python's calendar cannot show, which the pyarrow test therefore leaves out.
    @Test func extremesOfEveryWidthRoundTrip() throws {
        let fields: [ArrowWriteField] = [
            .init(name: "day", type: .date32),
            .init(name: "local", type: .timestampMicroseconds(timeZone: nil)),
            .init(name: "instant", type: .timestampMicroseconds(timeZone: "UTC")),
            .init(name: "one_digit", type: .decimal128(precision: 1, scale: 0)),
            .init(name: "tiny", type: .float64),
        ]
        let rows: [[ArrowWriteValue]] = [
            [.date32(.min), .timestamp(.min), .timestamp(.min), .decimal128(-9), .float64(.leastNonzeroMagnitude)],
            [.date32(.max), .timestamp(.max), .timestamp(.max), .decimal128(9), .float64(.greatestFiniteMagnitude)],
            [.date32(0), .timestamp(0), .timestamp(-1), .decimal128(0), .float64(-.leastNormalMagnitude)],
        ]
        try WriterRoundTrip.check(fields: fields, batches: [rows, rows.reversed()])
    }

    @Test func aSchemaWithoutColumnsStillCountsRows() throws {
        try WriterRoundTrip.check(fields: [], batches: [[[], [], []], []])
    }

    @Test func aStreamOfOnlyTheSchemaHasNoBatch() throws {
        let writer = try ArrowStreamWriter(fields: WriterSamples.fields)
        var reader = try ArrowStreamReader(writer.schemaMessage() + ArrowStreamWriter.endOfStream)
        #expect(reader.schema.fields.count == WriterSamples.fields.count)
        #expect(try reader.nextBatch() == nil)
    }

    @Test func framingAndBuffersFollowTheFormat() throws {
        let writer = try ArrowStreamWriter(fields: WriterSamples.fields)
        let batches = [WriterSamples.ordinary, [], WriterSamples.random(count: 77, seed: 5)]
        let stream = try WriterRoundTrip.stream(writer, batches)
        #expect(Array(stream.prefix(4)) == [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(ArrowStreamWriter.endOfStream == [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0])

        let layout = WriterMessageLayout(stream)
        #expect(layout.endsWithMarker)
        try #require(layout.messages.count == 1 + batches.count)
        #expect(layout.messages.map(\.headerType) == [1, 3, 3, 3])
        #expect(layout.messages.allSatisfy { $0.version == 4 }, "MetadataVersion V5")
        let schema = layout.messages[0]
        #expect(schema.bodyLength == 0)
        for (index, message) in layout.messages.enumerated() {
            #expect(message.metadataLength % 8 == 0, "message \(index): metadata padded to 8")
            #expect(message.bodyLength % 8 == 0, "message \(index): body padded to 8")
            #expect(message.tablesInside, "message \(index): tables end inside the metadata")
        }
        for (index, message) in layout.messages.dropFirst().enumerated() {
            // Validity plus values for fixed width; validity, offsets and data for utf8 and binary.
            #expect(message.buffers.count == 2 * WriterSamples.fields.count + 2, "batch \(index)")
            var end = 0
            for buffer in message.buffers {
                #expect(buffer.offset % 8 == 0, "batch \(index): buffer at \(buffer.offset) is not 8-byte aligned")
                #expect(buffer.offset >= end, "batch \(index): buffers overlap")
                end = buffer.offset + buffer.length
            }
            #expect(end <= message.bodyLength && message.bodyLength - end < 8, "batch \(index): body length")
        }
    }

    @Test func theSchemaMessageIsTheSameEveryTime() throws {
        let first = try ArrowStreamWriter(fields: WriterSamples.fields).schemaMessage()
        let second = try ArrowStreamWriter(fields: WriterSamples.fields).schemaMessage()
        #expect(first == second)
    }
}
