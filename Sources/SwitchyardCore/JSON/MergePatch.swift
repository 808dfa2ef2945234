/// Deep merge of a PATCH body into a stored document (RFC 7396, with two additions):
/// an omitted member keeps its value, `null` removes it, objects merge member by member.
///
/// - Attached databases are matched by `name`, so that one sent without its secret keeps the
///   stored secret, and one not sent is kept.
/// - A `connectionString` sent back exactly as it was read (without its password) keeps the
///   stored password.
enum MergePatch {
    static func apply(_ patch: JSONValue, to stored: JSONValue) -> JSONValue {
        guard case .object(let members) = patch else { return patch }
        var result = stored.object ?? [:]
        for (key, value) in members {
            let current = result[key] ?? .null
            switch (key, value) {
            case (_, .null):
                result[key] = nil
            case ("connectionString", .string(let sent)) where isEcho(sent, of: current):
                continue
            case ("attachedDatabases", .array(let items)):
                result[key] = .array(mergeAttached(items, into: current))
            default:
                result[key] = apply(value, to: current)
            }
        }
        return .object(result)
    }

    private static func isEcho(_ sent: String, of current: JSONValue) -> Bool {
        guard case .string(let kept) = current else { return false }
        return ConnectionString(kept)?.withoutPassword.text == sent
    }

    /// Attached databases behave as members keyed by `name`: one sent is merged into the stored
    /// one of that name (or replaces it when its type differs, or is added); one not sent is
    /// kept; one sent with its type object set to `null` is removed.
    private static func mergeAttached(_ items: [JSONValue], into current: JSONValue) -> [JSONValue] {
        var result: [JSONValue] = []
        if case .array(let stored) = current { result = stored }
        for item in items {
            guard case .string(let name)? = item.object?["name"],
                let index = result.firstIndex(where: { $0.object?["name"] == .string(name) })
            else {
                result.append(apply(item, to: .null))
                continue
            }
            let stored = result[index]
            if let type = attachedType(of: stored), item.object?["\(type)Connection"] == .null {
                result.remove(at: index)
            } else if attachedType(of: item) == nil || attachedType(of: item) == attachedType(of: stored) {
                result[index] = apply(item, to: stored)
            } else {
                result[index] = apply(item, to: .null)
            }
        }
        return result
    }

    /// The type an attached database names, or the one object it carries.
    private static func attachedType(of item: JSONValue) -> String? {
        guard let members = item.object else { return nil }
        if case .string(let type)? = members["type"] { return type }
        let objects = members.filter { $0.key.hasSuffix("Connection") && $0.value != .null }
        return objects.count == 1 ? objects.first.map { String($0.key.dropLast("Connection".count)) } : nil
    }
}
