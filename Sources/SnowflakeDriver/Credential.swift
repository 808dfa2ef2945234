import Foundation
import SwitchyardDrivers
import SwitchyardSecrets
import _CryptoExtras

/// How a connection signs in: a password, or a key pair (which wins when both are set), whose
/// login carries an RS256 JWT as Snowflake's own connectors make it.
enum Credential: Sendable {
    case password(String)
    case keyPair(_RSA.Signing.PrivateKey)

    init(password: String?, privateKey: String?, passphrase: String?) throws(DriverError) {
        if let privateKey, !privateKey.isEmpty {
            do {
                self = .keyPair(try RSAPrivateKeyPEM.parse(privateKey, passphrase: passphrase))
            } catch {
                throw .connectionFailed(Self.describe(error))
            }
        } else if let password {
            self = .password(password)
        } else {
            throw .connectionFailed("the connection has neither a password nor a private key")
        }
    }

    /// What the login request's `data` carries for this credential.
    func loginFields(account: String, user: String, now: Date = Date()) throws -> [String: Any] {
        switch self {
        case .password(let password):
            return ["PASSWORD": password]
        case .keyPair(let key):
            return ["AUTHENTICATOR": "SNOWFLAKE_JWT", "TOKEN": try Self.jwt(key, account: account, user: user, now: now)]
        }
    }

    /// `iss` = `ACCOUNT.USER.SHA256:<fingerprint>`, `sub` = `ACCOUNT.USER`, valid 60 s.
    static func jwt(_ key: _RSA.Signing.PrivateKey, account: String, user: String, now: Date) throws -> String {
        let subject = "\(account.uppercased()).\(user.uppercased())"
        let issued = Int(now.timeIntervalSince1970)
        let claims: [String: Any] = [
            "iss": subject + "." + RSAPrivateKeyPEM.fingerprint(of: key), "sub": subject, "iat": issued, "exp": issued + 60,
        ]
        return try RS256JWT.sign(claims: claims, with: key)
    }

    static func describe(_ failure: RSAPrivateKeyPEM.Failure) -> String {
        switch failure {
        case .notAKey: "the private key is not an RSA private key in PEM"
        case .needsPassphrase: "the private key is encrypted and no passphrase is set"
        case .wrongPassphrase: "the private key's passphrase does not open it"
        case .unsupportedEncryption: "the private key is encrypted in a way not supported (use PBES2 with AES-CBC)"
        }
    }
}
