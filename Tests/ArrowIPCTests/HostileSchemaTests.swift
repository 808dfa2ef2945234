import ArrowIPC
import Testing

/// Schemas built by hand to attack the decoder's resource use.
@Suite("hostile schemas")
struct HostileSchemaTests {
    @Test func sharedTablesDecodeWhenSmall() throws {
        let reader = try ArrowStreamReader(HandBuiltStreams.sharedFieldTables(depth: 3, fanout: 2))
        let root = try #require(reader.schema.fields.first)
        #expect(root.type == .struct)
        #expect(root.children.count == 2)
        #expect(root.children[1].children.count == 2)
        #expect(root.children[1].children[0].children.isEmpty)
    }

    @Test func sharedTablesCannotExplode() {
        #expect(throws: ArrowError.malformed("schema decodes to far more than its metadata holds (shared tables)")) {
            try ArrowStreamReader(HandBuiltStreams.sharedFieldTables(depth: 40, fanout: 2))
        }
    }

    @Test func deepNestingIsRejected() {
        #expect(throws: ArrowError.malformed("fields nested deeper than 64")) {
            try ArrowStreamReader(HandBuiltStreams.sharedFieldTables(depth: 200, fanout: 1))
        }
    }
}
