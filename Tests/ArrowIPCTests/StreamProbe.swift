import ArrowIPC

/// Reads every slot of a column with the accessor matching its type.
enum StreamProbe {
    static func touch(_ column: ArrowColumn) {
        for row in 0..<column.length where !column.isNull(row) {
            switch column.field.type {
            case .int(64, false): _ = column.uint64(row)
            case .int, .date, .time, .timestamp, .duration: _ = column.int64(row)
            case .floatingPoint: _ = column.double(row)
            case .bool: _ = column.bool(row)
            case .utf8, .largeUtf8: _ = column.string(row)
            case .binary, .largeBinary, .fixedSizeBinary: _ = column.bytes(row)
            case .decimal: _ = column.decimal128(row)
            case .list, .largeList, .fixedSizeList, .map:
                let rows = column.list(row)
                precondition(rows.lowerBound >= 0 && rows.upperBound <= column.children[0].length)
            case .null, .struct: break
            }
        }
        column.children.forEach(touch)
    }
}
