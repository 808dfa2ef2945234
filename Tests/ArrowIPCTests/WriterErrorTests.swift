import ArrowIPC
import Testing

/// Rows that do not fit the schema are refused with an error naming the column and row.
@Suite("Arrow stream writer errors")
struct WriterErrorTests {
    private let writer: ArrowStreamWriter

    init() throws {
        writer = try ArrowStreamWriter(fields: [
            .init(name: "id", type: .int64, nullable: false),
            .init(name: "label", type: .utf8),
            .init(name: "amount", type: .decimal128(precision: 4, scale: 2)),
            .init(name: "clock", type: .time64Microseconds),
            .init(name: "flag", type: .bool, nullable: false),
        ])
    }

    private func row(
        id: ArrowWriteValue = .int64(1), label: ArrowWriteValue = .utf8("a"), amount: ArrowWriteValue = .decimal128(1),
        clock: ArrowWriteValue = .time64(0), flag: ArrowWriteValue = .bool(true)
    ) -> [ArrowWriteValue] {
        [id, label, amount, clock, flag]
    }

    @Test func aValueOfAnotherTypeNamesTheColumn() {
        #expect(throws: ArrowWriteError.mismatchedValue(column: "label", row: 1, expected: .utf8, found: "binary")) {
            try writer.recordBatch(rows: [row(), row(label: .binary([1]))])
        }
        #expect(throws: ArrowWriteError.mismatchedValue(column: "id", row: 0, expected: .int64, found: "float64")) {
            try writer.recordBatch(rows: [row(id: .float64(1))])
        }
        let decimal = ArrowWriteType.decimal128(precision: 4, scale: 2)
        #expect(throws: ArrowWriteError.mismatchedValue(column: "amount", row: 2, expected: decimal, found: "int64")) {
            try writer.recordBatch(rows: [row(), row(), row(amount: .int64(1))])
        }
        #expect(throws: ArrowWriteError.mismatchedValue(column: "flag", row: 0, expected: .bool, found: "int64")) {
            try writer.recordBatch(rows: [row(flag: .int64(1))])
        }
    }

    @Test func aNullInANonNullableColumnIsRefused() {
        #expect(throws: ArrowWriteError.nullInNonNullableColumn(column: "id", row: 1)) {
            try writer.recordBatch(rows: [row(), row(id: .null)])
        }
        #expect(throws: ArrowWriteError.nullInNonNullableColumn(column: "flag", row: 0)) {
            try writer.recordBatch(rows: [row(flag: .null)])
        }
    }

    @Test func valuesOutsideTheirTypeAreRefused() {
        #expect(throws: ArrowWriteError.outOfRange(column: "amount", row: 0)) {
            try writer.recordBatch(rows: [row(amount: .decimal128(10_000))])
        }
        #expect(throws: ArrowWriteError.outOfRange(column: "amount", row: 0)) {
            try writer.recordBatch(rows: [row(amount: .decimal128(-10_000))])
        }
        #expect(throws: ArrowWriteError.outOfRange(column: "clock", row: 0)) {
            try writer.recordBatch(rows: [row(clock: .time64(86_400_000_000))])
        }
        #expect(throws: ArrowWriteError.outOfRange(column: "clock", row: 0)) {
            try writer.recordBatch(rows: [row(clock: .time64(-1))])
        }
        #expect(throws: Never.self) {
            try writer.recordBatch(rows: [row(amount: .decimal128(-9_999), clock: .time64(86_399_999_999))])
        }
    }

    @Test func rowsOfTheWrongWidthAreRefused() {
        #expect(throws: ArrowWriteError.rowWidth(row: 1, cells: 4, fields: 5)) {
            try writer.recordBatch(rows: [row(), Array(row().dropLast())])
        }
        #expect(throws: ArrowWriteError.rowWidth(row: 0, cells: 6, fields: 5)) {
            try writer.recordBatch(rows: [row() + [.null]])
        }
    }

    @Test(arguments: [0, 39, -1])
    func decimalPrecisionOutsideArrowsRangeIsRefused(precision: Int) {
        #expect(throws: ArrowWriteError.unsupportedField(
            column: "d", reason: "decimal precision \(precision) is not in 1...38")
        ) {
            try ArrowStreamWriter(fields: [.init(name: "d", type: .decimal128(precision: precision, scale: 0))])
        }
    }

    @Test func decimalScaleBeyond32BitsIsRefused() {
        #expect(throws: ArrowWriteError.self) {
            try ArrowStreamWriter(fields: [.init(name: "d", type: .decimal128(precision: 10, scale: 1 << 40))])
        }
    }

    @Test func errorsDescribeTheColumnButNeverTheValue() {
        let error = ArrowWriteError.mismatchedValue(column: "label", row: 3, expected: .utf8, found: "binary")
        #expect(error.description == "column \"label\" of type utf8 has a binary value in row 3")
    }
}
