/// A database or object store made reachable from a DuckDB connection under `name`.
public struct AttachedDatabase: Codable, Sendable, Hashable {
    /// What is attached, with its settings.
    public enum Target: Sendable, Hashable {
        case bigquery(BigQuerySettings)
        case snowflake(SnowflakeSettings)
        case postgres(PostgresSettings)
        case gcs(GCSSettings)
        case s3(S3Settings)

        public var typeName: String {
            switch self {
            case .bigquery: "bigquery"
            case .snowflake: "snowflake"
            case .postgres: "postgres"
            case .gcs: "gcs"
            case .s3: "s3"
            }
        }

        /// The settings object, whatever its type.
        public var settings: any ConnectionSettings {
            switch self {
            case .bigquery(let settings): settings
            case .snowflake(let settings): settings
            case .postgres(let settings): settings
            case .gcs(let settings): settings
            case .s3(let settings): settings
            }
        }
    }

    public var name: String
    public var target: Target

    public init(name: String, target: Target) {
        self.name = name
        self.target = target
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, type, attributes
        case bigqueryConnection, snowflakeConnection, postgresConnection, gcsConnection, s3Connection
    }

    /// With `type`, that type's object is used and any others are checked and dropped (the
    /// platform's own example sends all five); without it, exactly one object must be set.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        _ = try container.decodeIfPresent(JSONValue.self, forKey: .attributes)
        let candidates: [Target] = [
            try container.decodeIfPresent(BigQuerySettings.self, forKey: .bigqueryConnection).map(Target.bigquery),
            try container.decodeIfPresent(SnowflakeSettings.self, forKey: .snowflakeConnection).map(Target.snowflake),
            try container.decodeIfPresent(PostgresSettings.self, forKey: .postgresConnection).map(Target.postgres),
            try container.decodeIfPresent(GCSSettings.self, forKey: .gcsConnection).map(Target.gcs),
            try container.decodeIfPresent(S3Settings.self, forKey: .s3Connection).map(Target.s3),
        ].compactMap { $0 }
        let here = decoder.codingPath.dottedPath
        if let type = try container.decodeIfPresent(String.self, forKey: .type) {
            guard let chosen = candidates.first(where: { $0.typeName == type }) else {
                throw SwitchyardError.invalidField(
                    "\(here).\(type)Connection", "is required when type is \(type)")
            }
            target = chosen
        } else {
            guard candidates.count == 1, let only = candidates.first else {
                throw SwitchyardError.invalidField(
                    "\(here).type", "is required unless exactly one connection object is set")
            }
            target = only
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(target.typeName, forKey: .type)
        switch target {
        case .bigquery(let settings): try container.encode(settings, forKey: .bigqueryConnection)
        case .snowflake(let settings): try container.encode(settings, forKey: .snowflakeConnection)
        case .postgres(let settings): try container.encode(settings, forKey: .postgresConnection)
        case .gcs(let settings): try container.encode(settings, forKey: .gcsConnection)
        case .s3(let settings): try container.encode(settings, forKey: .s3Connection)
        }
    }

    func validate(at path: String) throws {
        try FieldRules.attachedName(name, "\(path).name")
        try target.settings.validate(at: "\(path).\(target.typeName)Connection")
    }

    func redacted(at path: String) -> Redacted<Self> {
        let objectPath = "\(path).\(target.typeName)Connection"
        func keep<S: ConnectionSettings>(_ settings: S, _ wrap: (S) -> Target) -> Redacted<Self> {
            let redacted = settings.redacted(at: objectPath)
            return Redacted(settings: AttachedDatabase(name: name, target: wrap(redacted.settings)), secretsSet: redacted.secretsSet)
        }
        switch target {
        case .bigquery(let settings): return keep(settings, Target.bigquery)
        case .snowflake(let settings): return keep(settings, Target.snowflake)
        case .postgres(let settings): return keep(settings, Target.postgres)
        case .gcs(let settings): return keep(settings, Target.gcs)
        case .s3(let settings): return keep(settings, Target.s3)
        }
    }
}

extension [any CodingKey] {
    /// `duckdbConnection.attachedDatabases[0].name`: how error messages name a field; `body`
    /// for the body as a whole.
    var dottedPath: String {
        isEmpty ? "body" : reduce(into: "") { path, key in
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += path.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
    }
}
