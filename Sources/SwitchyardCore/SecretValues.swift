extension ConnectionConfig {
    /// Names of the fields that hold secrets, in every type's object.
    static let secretFieldNames: Set<String> = [
        "password", "privateKey", "privateKeyPass", "serviceAccountKeyJson", "accessToken", "secret",
        "secretAccessKey", "sessionToken", "peakaKey",
    ]

    /// Every secret value this configuration holds, for cutting out of messages a database
    /// sends back (drivers quote connection strings in their errors).
    public var secretValues: [String] {
        guard let tree = try? JSONCoding.tree(of: self) else { return [] }
        var found: [String] = []
        func walk(_ value: JSONValue) {
            switch value {
            case .object(let members):
                for (key, member) in members {
                    if case .string(let text) = member {
                        if Self.secretFieldNames.contains(key) { found.append(text) }
                        if key == "connectionString", let password = ConnectionString(text)?.password {
                            found.append(password)
                        }
                    }
                    walk(member)
                }
            case .array(let items): items.forEach(walk)
            default: break
            }
        }
        walk(tree)
        return found
    }
}
