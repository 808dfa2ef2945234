import ArrowIPC
import Testing

/// Compares what ArrowIPC reads with what pyarrow read from the same bytes.
enum Expectations {
    static func check(_ schema: ArrowSchema, matches expected: ExpectedFixture) {
        #expect(schema.fields.count == expected.fields.count)
        #expect(schema.metadata == expected.metadata)
        for (field, want) in zip(schema.fields, expected.fields) {
            check(field, matches: want)
        }
    }

    static func check(_ field: ArrowField, matches expected: ExpectedField) {
        #expect(field.name == expected.name)
        #expect(pyarrowName(field) == expected.type, "type of \(field.name)")
        #expect(field.nullable == expected.nullable, "nullability of \(field.name)")
        #expect(field.metadata == expected.metadata, "metadata of \(field.name)")
        #expect(field.children.count == expected.children.count)
        for (child, want) in zip(field.children, expected.children) {
            check(child, matches: want)
        }
    }

    static func check(_ batch: ArrowRecordBatch, matches expected: ExpectedBatch) {
        #expect(batch.length == expected.length)
        #expect(batch.columns.count == expected.columns.count)
        for (column, want) in zip(batch.columns, expected.columns) {
            check(column, matches: want, path: want.name)
        }
    }

    static func check(_ column: ArrowColumn, matches expected: ExpectedColumn, path: String) {
        #expect(column.field.name == expected.name)
        #expect(column.length == expected.values.count, "length of \(path)")
        for (row, value) in expected.values.enumerated() where row < column.length {
            let slot = "\(path)[\(row)]"
            guard case let .text(text) = value else {
                switch value {
                case .null:
                    #expect(column.isNull(row), "\(slot) should be null")
                case let .bool(flag) where expected.kind == "bool":
                    #expect(!column.isNull(row), "\(slot) should not be null")
                    #expect(column.bool(row) == flag, "\(slot)")
                case .bool:
                    #expect(!column.isNull(row), "\(slot) should not be null")
                case let .range(bounds):
                    #expect(!column.isNull(row), "\(slot) should not be null")
                    #expect(column.list(row) == bounds[0]..<bounds[1], "\(slot)")
                case .text:
                    break
                }
                continue
            }
            #expect(!column.isNull(row), "\(slot) should not be null")
            switch expected.kind {
            case "int": #expect(column.int64(row) == Int64(text), "\(slot)")
            case "uint": #expect(column.uint64(row) == UInt64(text), "\(slot)")
            case "double": #expect(column.double(row).bitPattern == Double(text)?.bitPattern, "\(slot)")
            case "string": #expect(column.string(row) == text, "\(slot)")
            case "bytes": #expect(hex(column.bytes(row)) == text, "\(slot)")
            case "decimal": #expect(column.decimal128(row) == Int128(text), "\(slot)")
            default: Issue.record("unexpected kind \(expected.kind) at \(slot)")
            }
        }
        #expect(column.children.count == expected.children.count, "children of \(path)")
        for (child, want) in zip(column.children, expected.children) {
            check(child, matches: want, path: "\(path).\(want.name)")
        }
    }

    static func hex(_ bytes: ArraySlice<UInt8>) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xF)]] })
    }

    /// The type as pyarrow's `str()` prints it, so types compare with pyarrow's reading.
    static func pyarrowName(_ field: ArrowField) -> String {
        func member(_ child: ArrowField) -> String {
            "\(child.name): \(pyarrowName(child))" + (child.nullable ? "" : " not null")
        }
        func unit(_ unit: TimeUnit) -> String {
            switch unit {
            case .second: "s"
            case .millisecond: "ms"
            case .microsecond: "us"
            case .nanosecond: "ns"
            }
        }
        let children = field.children
        switch field.type {
        case .null: return "null"
        case let .int(bitWidth, signed): return (signed ? "int" : "uint") + "\(bitWidth)"
        case .floatingPoint(.half): return "halffloat"
        case .floatingPoint(.single): return "float"
        case .floatingPoint(.double): return "double"
        case .utf8: return "string"
        case .binary: return "binary"
        case .largeUtf8: return "large_string"
        case .largeBinary: return "large_binary"
        case let .fixedSizeBinary(width): return "fixed_size_binary[\(width)]"
        case .bool: return "bool"
        case .date(.day): return "date32[day]"
        case .date(.millisecond): return "date64[ms]"
        case let .time(timeUnit, bitWidth): return "time\(bitWidth)[\(unit(timeUnit))]"
        case let .timestamp(timeUnit, timezone?): return "timestamp[\(unit(timeUnit)), tz=\(timezone)]"
        case let .timestamp(timeUnit, nil): return "timestamp[\(unit(timeUnit))]"
        case let .duration(timeUnit): return "duration[\(unit(timeUnit))]"
        case let .decimal(precision, scale, bitWidth): return "decimal\(bitWidth)(\(precision), \(scale))"
        case .list: return "list<\(member(children[0]))>"
        case .largeList: return "large_list<\(member(children[0]))>"
        case let .fixedSizeList(size): return "fixed_size_list<\(member(children[0]))>[\(size)]"
        case .map:
            let entries = children[0].children
            return "map<\(pyarrowName(entries[0])), \(pyarrowName(entries[1]))>"
        case .struct: return "struct<\(children.map(member).joined(separator: ", "))>"
        }
    }
}
