/// A MotherDuck database, reached with an access token.
public struct MotherDuckSettings: ConnectionSettings {
    public var accessToken: String?
    public var database: String?

    public static var secretFields: [SecretField<Self>] { [.whole("accessToken", \.accessToken)] }

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
}
