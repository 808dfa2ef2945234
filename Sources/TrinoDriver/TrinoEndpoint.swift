import Foundation
import NIOHTTP1
import SwitchyardCore
import SwitchyardDrivers

/// Where a Trino connection's requests go and what every one of them carries: the user, the
/// source, the session, and the credential — a password as HTTP basic auth (over https only,
/// as Trino's own clients insist), or Peaka's key as an extra credential, in which case the
/// catalog and schema are left to the key and not sent.
struct TrinoEndpoint: Sendable {
    /// `scheme://host:port`, without a trailing slash.
    let baseURL: String
    let user: String
    private let authorization: String?
    private let extraCredential: String?
    /// The session a statement sequence starts from.
    let session: TrinoSession
    /// Values cut out of every message: the connection's secrets and their encoded forms.
    let secrets: [String]

    init(settings: TrinoSettings, secrets: [String] = []) throws(DriverError) {
        let server = (settings.server ?? "").trimmingCharacters(in: .whitespaces)
        let lowered = server.lowercased()
        let secure = lowered.hasPrefix("https://")
        guard secure || lowered.hasPrefix("http://") else {
            throw .connectionFailed("the Trino server must start with http:// or https://")
        }
        guard let url = URL(string: server), let host = url.host?.trimmingCharacters(in: CharacterSet(charactersIn: "[]")),
            !host.isEmpty
        else {
            throw .connectionFailed("the Trino server is not a URL with a host name")
        }
        let port = settings.port ?? url.port ?? (secure ? 443 : 8080)
        baseURL = (secure ? "https://" : "http://") + (host.contains(":") ? "[\(host)]" : host) + ":\(port)"
        user = settings.user ?? "switchyard"
        var hidden = secrets
        if let password = settings.password {
            guard secure else {
                throw .connectionFailed("a password is only sent over TLS: give the server as https://")
            }
            let credential = Data("\(user):\(password)".utf8).base64EncodedString()
            authorization = "Basic " + credential
            hidden += [password, credential]
        } else {
            authorization = nil
        }
        if let key = settings.peakaKey {
            let encoded = Self.formEncoded(key)
            extraCredential = "peakaKey=" + encoded
            session = TrinoSession()
            hidden += [key, encoded]
        } else {
            extraCredential = nil
            session = TrinoSession(catalog: settings.catalog, schema: settings.schema)
        }
        self.secrets = hidden
    }

    var statementURL: String { baseURL + "/v1/statement" }

    /// The headers of every request of a statement sequence in `session`.
    func headers(in session: TrinoSession) -> HTTPHeaders {
        var headers: HTTPHeaders = [
            "X-Trino-User": user,
            "X-Trino-Source": "switchyard",
            "User-Agent": "switchyard",
        ]
        session.write(to: &headers)
        if let extraCredential { headers.add(name: "X-Trino-Extra-Credential", value: extraCredential) }
        if let authorization { headers.add(name: "Authorization", value: authorization) }
        return headers
    }

    /// `text` as `application/x-www-form-urlencoded` writes it, which is how Trino reads
    /// extra credential values.
    static func formEncoded(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~ ")
        let escaped = text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
        return escaped.replacingOccurrences(of: " ", with: "+")
    }
}
