import Crypto
import Foundation

/// A bearer token kept only as its SHA-256 digest, compared in constant time.
public struct TokenDigest: Sendable, Equatable {
    public let hex: String

    public init(token: String) {
        hex = SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    public init(hex: String) { self.hex = hex }

    /// A new random token: 32 bytes, URL-safe base64.
    public static func generateToken() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return "sy_" + bytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Whether `token` hashes to this digest, taking the same time wherever they differ.
    public func matches(_ token: String) -> Bool {
        let candidate = Array(TokenDigest(token: token).hex.utf8)
        let expected = Array(hex.utf8)
        guard candidate.count == expected.count else { return false }
        return zip(candidate, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
