import PostgresNIO
import SwitchyardDrivers

/// Reads binary cells into `SQLValue`s. It carries the types learned from the server (enums,
/// extension types) so that arrays of them read as well as columns of them do.
///
/// What cannot be read exactly is never guessed at: a type without a reader becomes the text
/// `[unsupported type: NAME]`, and a malformed value `[unreadable NAME value]`.
struct BinaryCellReader: Sendable {
    var learned: [UInt32: KnownType] = [:]

    /// PostgreSQL counts dates and timestamps from 2000-01-01: this many days after 1970-01-01.
    static let epochDays: Int64 = 10_957
    static let epochMicros: Int64 = epochDays * 86_400_000_000

    func type(_ oid: UInt32) -> KnownType? { BuiltinTypes.type(oid) ?? learned[oid] }

    func value(_ bytes: ByteBuffer?, kind: ValueKind, oid: UInt32) -> SQLValue {
        guard var buffer = bytes else { return .null }
        return read(&buffer, kind: kind, oid: oid) ?? .string("[unreadable \(typeName(oid)) value]")
    }

    func typeName(_ oid: UInt32) -> String { type(oid)?.name ?? "oid \(oid)" }

    func read(_ buffer: inout ByteBuffer, kind: ValueKind, oid: UInt32) -> SQLValue? {
        switch kind {
        case .bool: return buffer.readInteger(as: UInt8.self).map { .bool($0 != 0) }
        case .int2: return buffer.readInteger(as: Int16.self).map { .integer(Int64($0)) }
        case .int4: return buffer.readInteger(as: Int32.self).map { .integer(Int64($0)) }
        case .int8: return buffer.readInteger(as: Int64.self).map { .integer($0) }
        case .oid: return buffer.readInteger(as: UInt32.self).map { .integer(Int64($0)) }
        case .float4:
            return buffer.readInteger(as: UInt32.self).map { NumberFormat.float(Float(bitPattern: $0)) }
        case .float8:
            return buffer.readInteger(as: UInt64.self).map { NumberFormat.double(Double(bitPattern: $0)) }
        case .numeric:
            return NumericText.read(&buffer).map { number in
                switch number {
                case .number(let text): .decimal(text)
                case .special(let text): .string(text)
                }
            }
        case .text, .char: return buffer.readString(length: buffer.readableBytes).map { .string($0) }
        case .bytea: return buffer.readBytes(length: buffer.readableBytes).map { .bytes($0) }
        case .uuid: return buffer.readBytes(length: 16).map { .string(uuid($0)) }
        case .json: return buffer.readString(length: buffer.readableBytes).map { .json($0) }
        case .jsonb:
            guard buffer.readInteger(as: UInt8.self) == 1 else { return nil }
            return buffer.readString(length: buffer.readableBytes).map { .json($0) }
        case .date:
            guard let days = buffer.readInteger(as: Int32.self) else { return nil }
            if let infinite = infinity(days == .max, days == .min) { return infinite }
            return .date(TemporalFormat.date(days: Int64(days), epochDays: Self.epochDays))
        case .time: return buffer.readInteger(as: Int64.self).map { .time(TemporalFormat.time($0, unitsPerSecond: 1_000_000)) }
        case .timetz:
            guard let (time, zone) = buffer.readMultipleIntegers(as: (Int64, Int32).self) else { return nil }
            return .time(TemporalFormat.time(time, unitsPerSecond: 1_000_000) + TemporalFormat.offset(secondsEast: -Int64(zone)))
        case .timestamp, .timestamptz:
            guard let micros = buffer.readInteger(as: Int64.self) else { return nil }
            if let infinite = infinity(micros == .max, micros == .min) { return infinite }
            let utc = kind == .timestamptz
            // Kept as a count: the text is written only when the result is encoded.
            let (sinceUnixEpoch, overflow) = micros.addingReportingOverflow(Self.epochMicros)
            if !overflow { return .timestampMicros(sinceUnixEpoch, utc: utc) }
            let text = TemporalFormat.timestamp(micros, unitsPerSecond: 1_000_000, epochDays: Self.epochDays)
            return .timestamp(text + (utc ? "Z" : ""))
        case .interval:
            guard let (micros, days, months) = buffer.readMultipleIntegers(as: (Int64, Int32, Int32).self) else {
                return nil
            }
            return .string(IntervalText.text(microseconds: micros, days: days, months: months))
        case .macaddr: return NetworkText.macaddr(&buffer, length: 6).map { .string($0) }
        case .macaddr8: return NetworkText.macaddr(&buffer, length: 8).map { .string($0) }
        case .inet: return NetworkText.inet(&buffer).map { .string($0) }
        case .bits: return NetworkText.bits(&buffer).map { .string($0) }
        case .lsn: return NetworkText.lsn(&buffer).map { .string($0) }
        case .array: return arrayJSON(&buffer).map { .json($0) }
        case .unsupported: return .string("[unsupported type: \(typeName(oid))]")
        }
    }

    /// PostgreSQL's `infinity` and `-infinity` dates and timestamps, which have no ISO form.
    private func infinity(_ positive: Bool, _ negative: Bool) -> SQLValue? {
        positive ? .string("infinity") : negative ? .string("-infinity") : nil
    }

    private func uuid(_ bytes: [UInt8]) -> String {
        let hex = bytes.map(NetworkText.hex).joined()
        var result = ""
        for (index, character) in hex.enumerated() {
            if [8, 12, 16, 20].contains(index) { result.append("-") }
            result.append(character)
        }
        return result
    }
}
