/// A Trino coordinator (or a Peaka endpoint, which speaks Trino's protocol).
public struct TrinoSettings: ConnectionSettings {
    public var server: String?
    public var port: Int?
    public var catalog: String?
    public var schema: String?
    public var user: String?
    public var password: String?
    public var peakaKey: String?

    public static var secretFields: [SecretField<Self>] {
        [
            .whole("password", \.password),
            .whole("peakaKey", \.peakaKey),
        ]
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case server, port, catalog, schema, user, password, peakaKey
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        server = try container.decodeIfPresent(String.self, forKey: .server)
        port = try container.decodeIfPresent(Int.self, forKey: .port)
        catalog = try container.decodeIfPresent(String.self, forKey: .catalog)
        schema = try container.decodeIfPresent(String.self, forKey: .schema)
        user = try container.decodeIfPresent(String.self, forKey: .user)
        password = try container.decodeIfPresent(String.self, forKey: .password)
        peakaKey = try container.decodeIfPresent(String.self, forKey: .peakaKey)
    }

    public func validate(at path: String) throws {
        try FieldRules.required(server, "\(path).server")
        try FieldRules.port(port, "\(path).port")
        if peakaKey == nil { try FieldRules.required(user, "\(path).user") }
    }
}
