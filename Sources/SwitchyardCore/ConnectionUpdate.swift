/// Applies a PATCH body to a stored connection configuration.
public enum ConnectionUpdate {
    /// Members a client may send: the type objects, and read-only members echoed from a read.
    private static let echoedMembers: Set<String> = ["name", "resource", "attributes", "type", "secretsSet"]

    /// The configuration after `body` is merged into `stored`. A type object for another type
    /// than the stored one replaces the configuration and must be complete on its own.
    public static func apply(_ body: JSONObject, to stored: ConnectionConfig, name: String) throws -> ConnectionConfig {
        let typeKeys = Set(ConnectionType.allCases.map(\.settingsKey))
        if let unknown = body.keys.sorted().first(where: { !typeKeys.contains($0) && !echoedMembers.contains($0) }) {
            throw SwitchyardError.invalidField(unknown, "is not a known field")
        }
        if let sentName = body["name"], sentName != .string(name) {
            throw SwitchyardError.invalidField("name", "must equal the connection name in the path")
        }
        let sent = body.filter { typeKeys.contains($0.key) && $0.value != .null }
        if sent.count > 1 { throw SwitchyardError.wrongNumberOfTypeObjects(sent.keys.sorted()) }

        let storedKey = stored.type.settingsKey
        if body[storedKey] == .null {
            throw SwitchyardError.invalidField(storedKey, "cannot be removed; send another type's object to switch")
        }
        let updated: ConnectionConfig
        if let (key, value) = sent.first {
            let storedTree = try JSONCoding.tree(of: stored).object?[key] ?? .null
            let base: JSONValue = key == storedKey ? storedTree : .null
            updated = try JSONCoding.decode(ConnectionConfig.self, from: .object([key: MergePatch.apply(value, to: base)]))
        } else {
            updated = stored
        }
        if let type = body["type"], type != .string(updated.type.rawValue) {
            throw SwitchyardError.invalidField("type", "must be \(updated.type.rawValue), the type of the object sent")
        }
        try updated.validate()
        return updated
    }
}
