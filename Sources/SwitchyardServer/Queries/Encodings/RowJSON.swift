import SwitchyardDrivers

/// Writes result rows as JSON objects straight into bytes: no intermediate dictionaries, so a
/// stream of millions of rows costs one small buffer per batch. Values as `JSONWriter` writes them.
struct RowJSON {
    private let keys: [[UInt8]]

    init(columns: [ColumnInfo]) {
        keys = columns.map { column in
            var key: [UInt8] = []
            JSONWriter.appendString(column.name, to: &key)
            key.append(UInt8(ascii: ":"))
            return key
        }
    }

    /// Appends `{"column":value,...}` for one row.
    func appendRow(_ row: [SQLValue], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (index, value) in row.enumerated() where index < keys.count {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: keys[index])
            JSONWriter.append(value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}
