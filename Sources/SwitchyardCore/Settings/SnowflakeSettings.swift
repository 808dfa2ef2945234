/// A Snowflake account, signed in with a password or a key pair.
public struct SnowflakeSettings: ConnectionSettings {
    public var account: String?
    public var username: String?
    public var password: String?
    public var privateKey: String?
    public var privateKeyPass: String?
    public var warehouse: String?
    public var database: String?
    public var schema: String?
    public var role: String?
    public var responseTimeoutMilliseconds: Int?

    public static var secretFields: [SecretField<Self>] {
        [
            .whole("password", \.password),
            .whole("privateKey", \.privateKey),
            .whole("privateKeyPass", \.privateKeyPass),
        ]
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case account, username, password, privateKey, privateKeyPass
        case warehouse, database, schema, role, responseTimeoutMilliseconds
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        account = try container.decodeIfPresent(String.self, forKey: .account)
        username = try container.decodeIfPresent(String.self, forKey: .username)
        password = try container.decodeIfPresent(String.self, forKey: .password)
        privateKey = try container.decodeIfPresent(String.self, forKey: .privateKey)
        privateKeyPass = try container.decodeIfPresent(String.self, forKey: .privateKeyPass)
        warehouse = try container.decodeIfPresent(String.self, forKey: .warehouse)
        database = try container.decodeIfPresent(String.self, forKey: .database)
        schema = try container.decodeIfPresent(String.self, forKey: .schema)
        role = try container.decodeIfPresent(String.self, forKey: .role)
        responseTimeoutMilliseconds = try container.decodeIfPresent(Int.self, forKey: .responseTimeoutMilliseconds)
    }

    public func validate(at path: String) throws {
        try FieldRules.required(account, "\(path).account")
        try FieldRules.required(username, "\(path).username")
        if password == nil && privateKey == nil {
            throw SwitchyardError.invalidField("\(path).password", "or \(path).privateKey is required")
        }
        try FieldRules.rsaPrivateKey(
            privateKey, passphrase: privateKeyPass, "\(path).privateKey", passphrasePath: "\(path).privateKeyPass")
        try FieldRules.nonNegative(responseTimeoutMilliseconds, "\(path).responseTimeoutMilliseconds")
    }
}
