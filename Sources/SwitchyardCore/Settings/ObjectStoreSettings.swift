/// Google Cloud Storage through its S3-compatible HMAC keys.
public struct GCSSettings: ConnectionSettings {
    public var keyId: String?
    public var secret: String?

    public static var secretFields: [SecretField<Self>] { [.whole("secret", \.secret)] }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case keyId, secret
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        keyId = try container.decodeIfPresent(String.self, forKey: .keyId)
        secret = try container.decodeIfPresent(String.self, forKey: .secret)
    }

    public func validate(at path: String) throws {
        try FieldRules.required(keyId, "\(path).keyId")
        try FieldRules.required(secret, "\(path).secret")
    }
}

/// Amazon S3 or any S3-compatible store. Keys are optional together, for public buckets.
public struct S3Settings: ConnectionSettings {
    public var accessKeyId: String?
    public var secretAccessKey: String?
    public var region: String?
    public var endpoint: String?
    public var sessionToken: String?

    /// The region used when none is given.
    public var effectiveRegion: String { region ?? "us-east-1" }

    public static var secretFields: [SecretField<Self>] {
        [
            .whole("secretAccessKey", \.secretAccessKey),
            .whole("sessionToken", \.sessionToken),
        ]
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case accessKeyId, secretAccessKey, region, endpoint, sessionToken
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.strictContainer(keyedBy: CodingKeys.self)
        accessKeyId = try container.decodeIfPresent(String.self, forKey: .accessKeyId)
        secretAccessKey = try container.decodeIfPresent(String.self, forKey: .secretAccessKey)
        region = try container.decodeIfPresent(String.self, forKey: .region)
        endpoint = try container.decodeIfPresent(String.self, forKey: .endpoint)
        sessionToken = try container.decodeIfPresent(String.self, forKey: .sessionToken)
    }

    public func validate(at path: String) throws {
        if accessKeyId != nil || secretAccessKey != nil {
            try FieldRules.required(accessKeyId, "\(path).accessKeyId")
            try FieldRules.required(secretAccessKey, "\(path).secretAccessKey")
        }
    }
}
