import PostgresNIO
import SwitchyardDrivers

extension BinaryCellReader {
    /// A binary array as JSON: nested arrays for each dimension, elements as JSON values
    /// (numbers stay numbers, text and dates become strings, json is embedded as is).
    ///
    /// Layout: dimension count, has-nulls flag, element OID; per dimension its length and lower
    /// bound; then each element as a 32-bit length (-1 for NULL) and its bytes. Lower bounds
    /// are dropped: JSON arrays start at the first element whatever PostgreSQL numbers it.
    func arrayJSON(_ buffer: inout ByteBuffer) -> String? {
        guard let (dimensions, _, elementOID) = buffer.readMultipleIntegers(as: (Int32, Int32, UInt32).self),
            (0...6).contains(dimensions)
        else { return nil }
        var lengths: [Int] = []
        for _ in 0..<dimensions {
            guard let (length, _) = buffer.readMultipleIntegers(as: (Int32, Int32).self), length >= 0 else {
                return nil
            }
            lengths.append(Int(length))
        }
        guard !lengths.isEmpty else { return "[]" }
        let kind = type(elementOID)?.kind ?? .unsupported
        var output = ""
        let complete = writeDimension(
            0,
            lengths: lengths,
            buffer: &buffer,
            element: (kind, elementOID),
            into: &output
        )
        return complete ? output : nil
    }

    private func writeDimension(
        _ dimension: Int,
        lengths: [Int],
        buffer: inout ByteBuffer,
        element: (kind: ValueKind, oid: UInt32),
        into output: inout String
    ) -> Bool {
        output += "["
        for index in 0..<lengths[dimension] {
            if index > 0 { output += "," }
            if dimension + 1 < lengths.count {
                guard writeDimension(dimension + 1, lengths: lengths, buffer: &buffer, element: element, into: &output)
                else { return false }
                continue
            }
            guard let length = buffer.readInteger(as: Int32.self) else { return false }
            guard length >= 0 else {
                output += "null"
                continue
            }
            guard var cell = buffer.readSlice(length: Int(length)) else { return false }
            let value =
                read(&cell, kind: element.kind, oid: element.oid)
                ?? .string("[unreadable \(typeName(element.oid)) value]")
            output += JSONWriter.text(of: value)
        }
        output += "]"
        return true
    }
}
