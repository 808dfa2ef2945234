extension ConnectionConfig {
    /// Every secret value this configuration holds, for cutting out of messages a database
    /// sends back (drivers quote connection strings in their errors). The fields are those
    /// each settings type declares in `secretFields`.
    public var secretValues: [String] { settings.secretValues }
}
