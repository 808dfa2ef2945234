import PostgresNIO
import SwitchyardDrivers
import Synchronization

/// Names and readers for the columns of a result. Built-in types come from `BuiltinTypes`;
/// any other OID (an enum, a domain's array, an extension's type) is asked of the server once
/// and remembered for the driver's life, since a type's OID never changes while it exists.
final class TypeDirectory: Sendable {
    private let learned = Mutex<[UInt32: KnownType]>([:])

    /// Everything learned so far, for a cursor to read with.
    var reader: BinaryCellReader { BinaryCellReader(learned: learned.withLock { $0 }) }

    /// OIDs among `oids` that are neither built in nor learned yet.
    func unknown(_ oids: [UInt32]) -> [UInt32] {
        learned.withLock { learned in
            Array(Set(oids.filter { $0 != 0 && BuiltinTypes.type($0) == nil && learned[$0] == nil }))
        }
    }

    /// Asks the server about `oids` (and the element types of those that are arrays). Types
    /// whose binary form is their text (enums, and text-like types such as `citext`) read as
    /// text; arrays read element by element; the rest stay unsupported but named.
    func learn(_ oids: [UInt32], on connection: PostgresConnection) async throws {
        let wanted = oids.map { Int64($0) }
        let rows = try await connection.query(
            """
            SELECT t.oid::int8, format_type(t.oid, NULL), t.typtype::text, t.typsend::text
            FROM pg_catalog.pg_type t
            WHERE t.oid::int8 = ANY(\(wanted))
               OR t.oid IN (SELECT e.typelem FROM pg_catalog.pg_type e WHERE e.oid::int8 = ANY(\(wanted)))
            """,
            logger: connection.logger
        )
        var found: [UInt32: KnownType] = [:]
        for try await (oid, name, kind, send) in rows.decode((Int64, String, String, String).self) {
            found[UInt32(truncatingIfNeeded: oid)] = KnownType(name: name, kind: Self.kind(typtype: kind, send: send))
        }
        learned.withLock { $0.merge(found) { $1 } }
    }

    /// The column as the caller sees it: its name and the type's SQL name with its modifier.
    func columnInfo(_ column: PostgresColumn) -> ColumnInfo {
        let oid = column.dataType.rawValue
        let name =
            TypeModifier.name(oid: oid, typmod: column.dataTypeModifier)
            ?? learned.withLock { $0[oid]?.name }
            ?? "unknown (oid \(oid))"
        return ColumnInfo(name: column.name, type: name)
    }

    private static let textSendFunctions: Set<String> = [
        "textsend", "varcharsend", "bpcharsend", "namesend", "enum_send", "citextsend", "unknownsend",
    ]

    private static func kind(typtype: String, send: String) -> ValueKind {
        if typtype == "e" || textSendFunctions.contains(send) { return .text }
        if send == "array_send" { return .array }
        return .unsupported
    }
}
