/// A MySQL or MariaDB server.
public struct MySQLSettings: ConnectionSettings {
    public var host: String?
    public var port: Int?
    public var database: String?
    public var user: String?
    public var password: String?

    public static var secretFields: [SecretField<Self>] { [.whole("password", \.password)] }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case host, port, database, user, password
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        host = try container.decodeIfPresent(String.self, forKey: .host)
        port = try container.decodeIfPresent(Int.self, forKey: .port)
        database = try container.decodeIfPresent(String.self, forKey: .database)
        user = try container.decodeIfPresent(String.self, forKey: .user)
        password = try container.decodeIfPresent(String.self, forKey: .password)
    }

    public func validate(at path: String) throws {
        try FieldRules.required(host, "\(path).host")
        try FieldRules.port(port, "\(path).port")
        try FieldRules.required(user, "\(path).user")
    }
}
