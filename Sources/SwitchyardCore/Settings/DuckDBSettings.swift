/// An in-process DuckDB database, optionally with other databases and object stores attached.
public struct DuckDBSettings: ConnectionSettings {
    public var attachedDatabases: [AttachedDatabase]?

    public init(attachedDatabases: [AttachedDatabase]? = nil) {
        self.attachedDatabases = attachedDatabases
    }

    /// Its secrets are those of its attached databases, each declared by its own type.
    public static var secretFields: [SecretField<Self>] { [] }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case attachedDatabases
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        attachedDatabases = try container.decodeIfPresent([AttachedDatabase].self, forKey: .attachedDatabases)
    }

    public func validate(at path: String) throws {
        var seen = Set<String>()
        for (index, attached) in (attachedDatabases ?? []).enumerated() {
            let itemPath = "\(path).attachedDatabases[\(index)]"
            try attached.validate(at: itemPath)
            guard seen.insert(attached.name.lowercased()).inserted else {
                throw SwitchyardError.invalidField("\(itemPath).name", "repeats the name of another attached database")
            }
        }
    }

    public func redacted(at path: String) -> Redacted<Self> {
        var secretsSet: [String] = []
        let attached = attachedDatabases?.map { database in
            let redacted = database.redacted(at: "\(path).attachedDatabases[\(database.name)]")
            secretsSet += redacted.secretsSet
            return redacted.settings
        }
        return Redacted(settings: DuckDBSettings(attachedDatabases: attached), secretsSet: secretsSet)
    }

    public var secretValues: [String] {
        (attachedDatabases ?? []).flatMap(\.target.settings.secretValues)
    }
}
