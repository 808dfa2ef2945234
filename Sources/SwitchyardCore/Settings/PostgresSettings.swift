/// A PostgreSQL server: `host` and `databaseName`, or a libpq `connectionString`.
public struct PostgresSettings: ConnectionSettings {
    public var host: String?
    public var port: Int?
    public var databaseName: String?
    public var userName: String?
    public var password: String?
    public var connectionString: String?

    public init(
        host: String? = nil, port: Int? = nil, databaseName: String? = nil, userName: String? = nil,
        password: String? = nil, connectionString: String? = nil
    ) {
        self.host = host
        self.port = port
        self.databaseName = databaseName
        self.userName = userName
        self.password = password
        self.connectionString = connectionString
    }

    public static var secretFields: [SecretField<Self>] {
        [
            .whole("password", \.password),
            .connectionStringPassword("connectionString", \.connectionString),
        ]
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case host, port, databaseName, userName, password, connectionString
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        host = try container.decodeIfPresent(String.self, forKey: .host)
        port = try container.decodeIfPresent(Int.self, forKey: .port)
        databaseName = try container.decodeIfPresent(String.self, forKey: .databaseName)
        userName = try container.decodeIfPresent(String.self, forKey: .userName)
        password = try container.decodeIfPresent(String.self, forKey: .password)
        connectionString = try container.decodeIfPresent(String.self, forKey: .connectionString)
    }

    public func validate(at path: String) throws {
        try FieldRules.port(port, "\(path).port")
        if let connectionString {
            guard ConnectionString(connectionString) != nil else {
                throw SwitchyardError.invalidField(
                    "\(path).connectionString", "must be a postgresql:// URI or key=value pairs")
            }
            return
        }
        try FieldRules.required(host, "\(path).host")
        try FieldRules.required(databaseName, "\(path).databaseName")
    }
}
