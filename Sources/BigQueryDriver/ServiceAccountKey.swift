import Foundation
import SwitchyardDrivers
import SwitchyardSecrets
import _CryptoExtras

/// A Google service-account key file, read once: who signs in (`client_email`), with which key
/// (`private_key`, PEM), and where the signed assertion is exchanged for an access token
/// (`token_uri`, which is always taken from the key, never from configuration).
struct ServiceAccountKey: Sendable {
    let clientEmail: String
    let keyID: String?
    let tokenURI: String
    /// The project the key belongs to, the default for `defaultProjectId`.
    let projectID: String?
    private let signingKey: _RSA.Signing.PrivateKey
    /// The key's private part, cut out of any message that might quote it.
    let secrets: [String]

    static let googleTokenURI = "https://oauth2.googleapis.com/token"

    /// Messages name what is wrong with the key, never a part of it.
    init(json: String) throws(DriverError) {
        let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
        guard let object else { throw .connectionFailed("the service-account key is not JSON") }
        guard let email = object["client_email"] as? String, !email.isEmpty else {
            throw .connectionFailed("the service-account key has no client_email")
        }
        guard let pem = object["private_key"] as? String, let key = try? _RSA.Signing.PrivateKey(pemRepresentation: pem) else {
            throw .connectionFailed("the service-account key's private_key is not an RSA private key in PEM")
        }
        clientEmail = email
        keyID = object["private_key_id"] as? String
        tokenURI = (object["token_uri"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? Self.googleTokenURI
        projectID = object["project_id"] as? String
        signingKey = key
        secrets = [pem]
    }

    /// The RS256-signed JWT that asks for an access token with `scope`, valid for an hour.
    func assertion(scope: String, now: Date = Date()) throws -> String {
        let issued = Int(now.timeIntervalSince1970)
        let claims: [String: Any] = [
            "iss": clientEmail, "scope": scope, "aud": tokenURI, "iat": issued, "exp": issued + 3600,
        ]
        return try RS256JWT.sign(claims: claims, header: keyID.map { ["kid": $0] } ?? [:], with: signingKey)
    }
}
