import Foundation
import HTTPDriverKit
import SwitchyardCore
import SwitchyardDrivers

/// Where a Snowflake connection's requests go and who signs in: the account's own host
/// (`https://<account>.snowflakecomputing.com`, the account identifier possibly carrying a
/// region or `.privatelink`), unless the operator names another URL (an emulator, a proxy).
struct SnowflakeEndpoint: Sendable {
    /// `scheme://host[:port]`, without a trailing slash.
    let baseURL: String
    /// The account name as the login and the JWT claims spell it: the identifier's first
    /// part, upper case (`xy12345.eu-west-1` → `XY12345`).
    let accountName: String
    let user: String
    let warehouse: String?
    let database: String?
    let schema: String?
    let role: String?

    init(settings: SnowflakeSettings, overrideURL: String?) throws(DriverError) {
        let account = (settings.account ?? "").trimmingCharacters(in: .whitespaces)
        guard !account.isEmpty, account.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw .connectionFailed("the Snowflake account identifier may hold only letters, digits, '-', '_' and '.'")
        }
        if let overrideURL, !overrideURL.isEmpty {
            baseURL = overrideURL.hasSuffix("/") ? String(overrideURL.dropLast()) : overrideURL
        } else {
            baseURL = "https://\(account.lowercased()).snowflakecomputing.com"
        }
        let first = account.contains(".global") ? account.split(separator: "-").first : account.split(separator: ".").first
        accountName = String(first ?? Substring(account)).uppercased()
        user = settings.username ?? ""
        warehouse = settings.warehouse
        database = settings.database
        schema = settings.schema
        role = settings.role
    }

    /// The login path, with the session's context in its query as Snowflake's connectors send it.
    var loginPath: String {
        var query: [(String, String)] = [("request_id", UUID().uuidString.lowercased())]
        if let database { query.append(("databaseName", database)) }
        if let schema { query.append(("schemaName", schema)) }
        if let warehouse { query.append(("warehouse", warehouse)) }
        if let role { query.append(("roleName", role)) }
        return "/session/v1/login-request?" + URLText.query(query)
    }
}
