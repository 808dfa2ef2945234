/// Google BigQuery, reached with a service-account key.
public struct BigQuerySettings: ConnectionSettings {
    public var defaultProjectId: String?
    public var billingProjectId: String?
    public var location: String?
    public var serviceAccountKeyJson: String?
    public var maximumBytesBilled: String?
    public var queryTimeoutMilliseconds: String?

    public static var secretFields: [SecretField<Self>] { [.whole("serviceAccountKeyJson", \.serviceAccountKeyJson)] }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case defaultProjectId, billingProjectId, location, serviceAccountKeyJson
        case maximumBytesBilled, queryTimeoutMilliseconds
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        defaultProjectId = try container.decodeIfPresent(String.self, forKey: .defaultProjectId)
        billingProjectId = try container.decodeIfPresent(String.self, forKey: .billingProjectId)
        location = try container.decodeIfPresent(String.self, forKey: .location)
        serviceAccountKeyJson = try container.decodeIfPresent(String.self, forKey: .serviceAccountKeyJson)
        maximumBytesBilled = try container.decodeIfPresent(String.self, forKey: .maximumBytesBilled)
        queryTimeoutMilliseconds = try container.decodeIfPresent(String.self, forKey: .queryTimeoutMilliseconds)
    }

    public func validate(at path: String) throws {
        try FieldRules.required(serviceAccountKeyJson, "\(path).serviceAccountKeyJson")
        try FieldRules.serviceAccountKey(serviceAccountKeyJson, "\(path).serviceAccountKeyJson")
        try FieldRules.digits(maximumBytesBilled, "\(path).maximumBytesBilled")
        try FieldRules.digits(queryTimeoutMilliseconds, "\(path).queryTimeoutMilliseconds")
    }
}
