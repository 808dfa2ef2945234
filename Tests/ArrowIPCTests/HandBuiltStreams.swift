/// Hand-assembled stream bytes for shapes no real writer produces: schemas whose
/// field tables are shared between parents (a DAG) or nested very deeply.
enum HandBuiltStreams {
    /// A stream whose schema has one struct field nested `depth` levels, each level's
    /// children vector holding `fanout` offsets to the same next-level field table.
    /// Decoded naively it has fanout^depth fields while the bytes grow only linearly.
    static func sharedFieldTables(depth: Int, fanout: Int) -> [UInt8] {
        var out = Writer()
        out.u32(0)  // root offset, patched below
        // Message vtable and table: header (+4), bodyLength (+8), version (+16), header_type (+18).
        let messageVTable = out.u16s([12, 20, 16, 18, 4, 8])
        let messageTable = out.table(vtable: messageVTable)
        out.patch(0, to: messageTable)
        let header = out.u32(0)
        out.u64(0)
        out.u16(4)  // MetadataVersion V5
        out.u16(1)  // header_type Schema (+ a zero padding byte)
        // Schema vtable and table: fields (+4).
        let schemaVTable = out.u16s([8, 8, 0, 4])
        let schemaTable = out.table(vtable: schemaVTable)
        out.patch(header, to: schemaTable)
        var fieldsSlot = out.u32(0)
        // Field vtable: name (+4), type_type (+16), type (+8), children (+12).
        let fieldVTable = out.u16s([16, 20, 4, 0, 16, 8, 0, 12])
        var pending: [(name: Int, type: Int)] = []
        for level in 0...depth {
            let vector = out.u32(UInt32(level == 0 ? 1 : (level == depth ? 0 : fanout)))
            out.patch(fieldsSlot, to: vector)
            let entries = (0..<(level == 0 ? 1 : (level == depth ? 0 : fanout))).map { _ in out.u32(0) }
            guard level < depth else { break }
            let field = out.table(vtable: fieldVTable)
            entries.forEach { out.patch($0, to: field) }
            pending.append((out.u32(0), out.u32(0)))
            fieldsSlot = out.u32(0)
            out.u32(13)  // type_type Struct_
        }
        let emptyVTable = out.u16s([4, 4])
        let emptyTable = out.table(vtable: emptyVTable)
        let name = out.u32(1)
        out.bytes.append(contentsOf: [UInt8(ascii: "x"), 0, 0, 0])
        for slot in pending {
            out.patch(slot.name, to: name)
            out.patch(slot.type, to: emptyTable)
        }
        while out.bytes.count % 8 != 0 { out.bytes.append(0) }
        let length = UInt32(out.bytes.count)
        var stream: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]
        stream += withUnsafeBytes(of: length.littleEndian, Array.init)
        return stream + out.bytes + [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]
    }

    /// Appends little-endian values and patches forward offsets.
    private struct Writer {
        var bytes: [UInt8] = []

        @discardableResult
        mutating func u32(_ value: UInt32) -> Int {
            defer { bytes += withUnsafeBytes(of: value.littleEndian, Array.init) }
            return bytes.count
        }

        mutating func u64(_ value: UInt64) {
            bytes += withUnsafeBytes(of: value.littleEndian, Array.init)
        }

        mutating func u16(_ value: UInt16) {
            bytes += withUnsafeBytes(of: value.littleEndian, Array.init)
        }

        mutating func u16s(_ values: [UInt16]) -> Int {
            defer { values.forEach { u16($0) } }
            return bytes.count
        }

        /// Starts a table whose vtable lies earlier, at `vtable`.
        mutating func table(vtable: Int) -> Int {
            u32(UInt32(bytes.count - vtable))
        }

        /// Makes the offset stored at `slot` point forward to `target`.
        mutating func patch(_ slot: Int, to target: Int) {
            let offset = withUnsafeBytes(of: UInt32(target - slot).littleEndian, Array.init)
            bytes.replaceSubrange(slot..<slot + 4, with: offset)
        }
    }
}
