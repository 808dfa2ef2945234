/// A MotherDuck database, reached with an access token.
public struct MotherDuckSettings: ConnectionSettings {
    public var accessToken: String?
    public var database: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case accessToken, database
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        accessToken = try container.decodeIfPresent(String.self, forKey: .accessToken)
        database = try container.decodeIfPresent(String.self, forKey: .database)
    }

    public func validate(at path: String) throws {
        try FieldRules.required(accessToken, "\(path).accessToken")
    }

    public func redacted(at path: String) -> Redacted<Self> {
        var copy = self
        var secrets = SecretCollector(at: path)
        secrets.take(&copy.accessToken, "accessToken")
        return Redacted(settings: copy, secretsSet: secrets.found)
    }
}
