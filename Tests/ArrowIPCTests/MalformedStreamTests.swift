import ArrowIPC
import Testing

/// Cut, corrupted and unsupported input must throw an ``ArrowError``, never trap.
@Suite("malformed and unsupported streams")
struct MalformedStreamTests {
    /// Every batch of `bytes`, with every value read through the accessor its type calls for.
    private func readEverything(_ bytes: [UInt8]) throws(ArrowError) -> [ArrowRecordBatch] {
        var reader = try ArrowStreamReader(bytes)
        var batches: [ArrowRecordBatch] = []
        while let batch = try reader.nextBatch() {
            batch.columns.forEach(StreamProbe.touch)
            batches.append(batch)
        }
        return batches
    }

    private func error(_ bytes: [UInt8]) -> ArrowError? {
        do {
            _ = try readEverything(bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: ["all_types.arrows", "multi_batch.arrows", "snowflake.arrows"])
    func everyPrefixThrowsTruncatedOrEndsAtAMessage(name: String) async throws {
        let bytes = try Fixtures.bytes(name)
        let full = try readEverything(bytes).map(\.length)
        var completePrefixes: [[Int]] = []
        for cut in 0...bytes.count {
            if cut % 256 == 0 { await Task.yield() }
            do {
                completePrefixes.append(try readEverything(Array(bytes[..<cut])).map(\.length))
            } catch {
                guard case .truncated = error else {
                    Issue.record("cut at \(cut) threw \(error), not .truncated")
                    continue
                }
            }
        }
        // A stream cut exactly between messages is a shorter valid stream: one per batch
        // (the first holding no batch), plus the complete stream minus its end marker.
        let expected = (0...full.count).map { Array(full.prefix($0)) } + [full]
        #expect(completePrefixes == expected)
    }

    @Test(arguments: ["all_types.arrows", "multi_batch.arrows", "snowflake.arrows", "legacy_format.arrows"])
    func everyFlippedByteIsReadSafely(name: String) async throws {
        let bytes = try Fixtures.bytes(name)
        for index in bytes.indices {
            for mask: UInt8 in [0xFF, 0x01, 0x80] {
                var corrupted = bytes
                corrupted[index] ^= mask
                _ = error(corrupted)  // either outcome is fine; reaching here means no trap
            }
            // Thousands of reads: leave the shared test threads to other suites now and then.
            if index % 64 == 0 { await Task.yield() }
        }
    }

    @Test(arguments: ["all_types.arrows", "snowflake.arrows"])
    func randomMultiByteCorruptionIsReadSafely(name: String) async throws {
        let bytes = try Fixtures.bytes(name)
        var generator = SplitMix64(seed: 0x5EED)
        for round in 0..<2_000 {
            if round % 64 == 0 { await Task.yield() }
            var corrupted = bytes
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: corrupted.indices, using: &generator)
                corrupted[index] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = error(corrupted)
        }
    }

    @Test(arguments: [UInt32(0x7FFF_FFFF), 0xFFFF_FFFF, 0x8000_0000, 1, 7, 0x0001_0000])
    func corruptMetadataLengthThrows(length: UInt32) throws {
        let bytes = try Fixtures.bytes("multi_batch.arrows")
        let schemaLength = Int(bytes[4]) | Int(bytes[5]) << 8 | Int(bytes[6]) << 16 | Int(bytes[7]) << 24
        for position in [4, 8 + schemaLength + 4] {
            var corrupted = bytes
            for shift in 0..<4 {
                corrupted[position + shift] = UInt8(truncatingIfNeeded: length >> (8 * shift))
            }
            #expect(error(corrupted) != nil, "length \(length) at byte \(position)")
        }
    }

    @Test func emptyAndEndOnlyInputHaveNoSchema() {
        #expect(error([]) == .truncated("the stream ends before its schema"))
        #expect(error([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]) == .truncated("the stream ends before its schema"))
        #expect(error([0xFF, 0xFF]) != nil)
    }

    @Test func compressedBatchIsUnsupported() throws {
        var reader = try ArrowStreamReader(Fixtures.bytes("compressed_zstd.arrows"))
        #expect(reader.schema.fields.count == 2)
        #expect(throws: ArrowError.unsupported("compressed record batches")) { try reader.nextBatch() }
        #expect(throws: ArrowError.unsupported("compressed record batches")) { try reader.nextBatch() }
    }

    @Test func dictionaryFieldIsUnsupported() throws {
        let bytes = try Fixtures.bytes("dictionary.arrows")
        #expect(error(bytes) == .unsupported("dictionary-encoded field \"d\""))
    }

    @Test func decimal256IsUnsupported() throws {
        var reader = try ArrowStreamReader(Fixtures.bytes("decimal256.arrows"))
        #expect(reader.schema.fields.first?.type == .decimal(precision: 60, scale: 10, bitWidth: 256))
        #expect(throws: ArrowError.unsupported("256-bit decimals")) { try reader.nextBatch() }
    }
}
