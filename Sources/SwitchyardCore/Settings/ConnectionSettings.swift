/// What every connection type's settings object promises: it decodes strictly, it can check
/// itself for completeness, and it can hand out a copy that holds no secret.
public protocol ConnectionSettings: Codable, Sendable, Hashable {
    /// Throws `SwitchyardError.invalidField` naming the first field (below `path`) that is
    /// missing or malformed.
    func validate(at path: String) throws

    /// A copy without secret values, with the paths (below `path`) of the secrets that were set.
    func redacted(at path: String) -> Redacted<Self>
}

/// Settings with their secrets removed, and which secrets there were.
public struct Redacted<Settings: Sendable>: Sendable {
    public var settings: Settings
    public var secretsSet: [String]
}

/// Collects the secret fields of one settings object while blanking them.
struct SecretCollector {
    let path: String
    private(set) var found: [String] = []

    init(at path: String) { self.path = path }

    /// Blanks `value`, noting `name` when it was set.
    mutating func take(_ value: inout String?, _ name: String) {
        if value != nil { found.append("\(path).\(name)") }
        value = nil
    }

    mutating func note(_ paths: [String]) { found += paths }
}
