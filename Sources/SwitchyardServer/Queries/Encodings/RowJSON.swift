import SwitchyardDrivers

/// Writes result rows as JSON objects straight into bytes: no intermediate dictionaries, so a
/// stream of millions of rows costs one small buffer per batch. Values as `JSONWriter` writes them.
struct RowJSON {
    /// Every column's `"name":`, one after the other; `keyEnds[i]` is where column i's ends.
    private let keys: [UInt8]
    private let keyEnds: [Int]

    init(columns: [ColumnInfo]) {
        var keys: [UInt8] = []
        var keyEnds: [Int] = []
        for column in columns {
            JSONWriter.appendString(column.name, to: &keys)
            keys.append(UInt8(ascii: ":"))
            keyEnds.append(keys.count)
        }
        self.keys = keys
        self.keyEnds = keyEnds
    }

    /// Appends `{"column":value,...}` for one row.
    func appendRow(_ row: [SQLValue], to out: inout [UInt8]) {
        withKeys { keys, ends in
            row.withUnsafeBufferPointer { Self.appendRow($0, keys: keys, keyEnds: ends, to: &out) }
        }
    }

    /// Appends each row of `batch` followed by `terminator`, as NDJSON writes them.
    func appendRows(_ batch: [[SQLValue]], terminator: UInt8, to out: inout [UInt8]) {
        withKeys { keys, ends in
            batch.withUnsafeBufferPointer { rows in
                for row in rows {
                    row.withUnsafeBufferPointer { Self.appendRow($0, keys: keys, keyEnds: ends, to: &out) }
                    out.append(terminator)
                }
            }
        }
    }

    private func withKeys(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Int>) -> Void) {
        keys.withUnsafeBufferPointer { keys in keyEnds.withUnsafeBufferPointer { body(keys, $0) } }
    }

    /// The loop itself, over borrowed buffers, so that no value or key is retained per cell.
    private static func appendRow(
        _ values: UnsafeBufferPointer<SQLValue>, keys: UnsafeBufferPointer<UInt8>, keyEnds: UnsafeBufferPointer<Int>,
        to out: inout [UInt8]
    ) {
        out.append(UInt8(ascii: "{"))
        var keyStart = 0
        for index in 0..<min(values.count, keyEnds.count) {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: keys[keyStart..<keyEnds[index]]))
            keyStart = keyEnds[index]
            JSONWriter.append(values[index], to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}
