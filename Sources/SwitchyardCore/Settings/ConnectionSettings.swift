/// What every connection type's settings object promises: it decodes strictly, it can check
/// itself for completeness, and it declares which of its fields hold secrets.
public protocol ConnectionSettings: Codable, Sendable, Hashable {
    /// The fields that hold secrets: the one declaration redaction, `secretsSet`, the
    /// scrubbing of database messages and the contract's `writeOnly` marks derive from.
    static var secretFields: [SecretField<Self>] { get }

    /// Throws `SwitchyardError.invalidField` naming the first field (below `path`) that is
    /// missing or malformed.
    func validate(at path: String) throws

    /// A copy without secret values, with the paths (below `path`) of the secrets that were set.
    func redacted(at path: String) -> Redacted<Self>

    /// Every secret value held, nested settings included.
    var secretValues: [String] { get }
}

extension ConnectionSettings {
    public func redacted(at path: String) -> Redacted<Self> {
        var copy = self
        let found = Self.secretFields.compactMap { $0.blank(in: &copy, at: path) }
        return Redacted(settings: copy, secretsSet: found)
    }

    public var secretValues: [String] {
        Self.secretFields.compactMap { $0.value(in: self) }
    }
}

/// Settings with their secrets removed, and which secrets there were.
public struct Redacted<Settings: Sendable>: Sendable {
    public var settings: Settings
    public var secretsSet: [String]
}
