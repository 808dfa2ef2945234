/// Deep merge of a PATCH body into a stored document (RFC 7396, with two additions):
/// an omitted member keeps its value, `null` removes it, objects merge member by member.
///
/// - `attachedDatabases` is a list whose items are matched by `name`: the list sent is the new
///   list, in the order sent, and an item that keeps its name keeps what it leaves out (its
///   secrets above all).
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

    /// The list sent is the new list: an item is merged into the stored item of its name (or,
    /// when it names another type, replaces it); an item with a new name is added; a stored
    /// item not sent is gone. An item whose type object is sent as `null` is cleared of it like
    /// any member, and is then incomplete unless it switches to another type.
    private static func mergeAttached(_ items: [JSONValue], into current: JSONValue) -> [JSONValue] {
        var stored: [String: JSONValue] = [:]
        if case .array(let storedItems) = current {
            for item in storedItems {
                if case .string(let name)? = item.object?["name"] { stored[name] = item }
            }
        }
        return items.map { item in
            guard case .string(let name)? = item.object?["name"], let kept = stored[name] else {
                return apply(item, to: .null)
            }
            let sentType = attachedType(of: item)
            return apply(item, to: sentType == nil || sentType == attachedType(of: kept) ? kept : .null)
        }
    }

    /// The type an attached database names, or the one object it carries.
    private static func attachedType(of item: JSONValue) -> String? {
        guard let members = item.object else { return nil }
        if case .string(let type)? = members["type"] { return type }
        let objects = members.filter { $0.key.hasSuffix("Connection") && $0.value != .null }
        return objects.count == 1 ? objects.first.map { String($0.key.dropLast("Connection".count)) } : nil
    }
}
