import Foundation
import _CryptoExtras

/// A JSON Web Token signed with RS256 (RSASSA-PKCS1-v1_5 with SHA-256), as the service-account
/// logins of Google and the key-pair logins of Snowflake both ask for.
public enum RS256JWT {
    /// `header.claims.signature`, each part base64url without padding; `header` gets `alg`
    /// and `typ` added.
    public static func sign(claims: [String: Any], header: [String: String] = [:], with key: _RSA.Signing.PrivateKey) throws -> String {
        let fullHeader = header.merging(["alg": "RS256", "typ": "JWT"]) { $1 }
        let input = try base64URL(JSONSerialization.data(withJSONObject: fullHeader, options: .sortedKeys)) + "."
            + base64URL(JSONSerialization.data(withJSONObject: claims, options: .sortedKeys))
        let signature = try key.signature(for: Data(input.utf8), padding: .insecurePKCS1v1_5)
        return input + "." + base64URL(signature.rawRepresentation)
    }

    private static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
