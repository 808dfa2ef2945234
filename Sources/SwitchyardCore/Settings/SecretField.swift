/// One secret field of a settings type. Each type lists its secret fields once
/// (`ConnectionSettings.secretFields`); redaction, `secretsSet`, the values cut out of
/// database messages and the contract's `writeOnly` marks all follow from that list.
public struct SecretField<Settings> {
    /// How much of the field is secret.
    public enum Kind: Sendable, Equatable {
        /// The whole value: never returned, write-only in the contract.
        case whole
        /// Only the password inside a libpq connection string: the rest is returned.
        case connectionStringPassword
    }

    /// The field's name in the JSON object.
    public let name: String
    public let kind: Kind
    public let keyPath: WritableKeyPath<Settings, String?>

    public static func whole(_ name: String, _ keyPath: WritableKeyPath<Settings, String?>) -> Self {
        Self(name: name, kind: .whole, keyPath: keyPath)
    }

    public static func connectionStringPassword(_ name: String, _ keyPath: WritableKeyPath<Settings, String?>) -> Self {
        Self(name: name, kind: .connectionStringPassword, keyPath: keyPath)
    }

    /// Whether the contract marks the field `writeOnly`: a client never reads any of it back.
    public var isWriteOnly: Bool { kind == .whole }

    /// The secret this field holds in `settings`, if any.
    func value(in settings: Settings) -> String? {
        guard let text = settings[keyPath: keyPath] else { return nil }
        switch kind {
        case .whole: return text
        case .connectionStringPassword: return ConnectionString(text)?.password
        }
    }

    /// Removes the secret from `settings`; returns its path below `path` when one was set.
    func blank(in settings: inout Settings, at path: String) -> String? {
        guard let text = settings[keyPath: keyPath] else { return nil }
        switch kind {
        case .whole:
            settings[keyPath: keyPath] = nil
            return "\(path).\(name)"
        case .connectionStringPassword:
            guard let parsed = ConnectionString(text), parsed.password != nil else { return nil }
            settings[keyPath: keyPath] = parsed.withoutPassword.text
            return "\(path).\(name).password"
        }
    }
}
