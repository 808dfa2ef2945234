import Crypto
import Foundation

/// A bearer token kept only as its SHA-256 digest, compared in constant time.
public struct TokenDigest: Sendable, Equatable {
    public let hex: String

    public init(token: String) { hex = Self.hexDigits(of: Self.digest(token)) }

    public init(hex: String) { self.hex = hex }

    /// A new random token: 32 bytes, URL-safe base64.
    public static func generateToken() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return "sy_" + bytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Whether `token` hashes to this digest, taking the same time wherever they differ.
    /// Every request asks this: no string formatting on the way.
    public func matches(_ token: String) -> Bool {
        let candidate = Self.hexDigits(of: Self.digest(token)).utf8
        let expected = hex.utf8
        guard candidate.count == expected.count else { return false }
        return zip(candidate, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func digest(_ token: String) -> SHA256.Digest {
        var token = token
        return token.withUTF8 { SHA256.hash(data: UnsafeRawBufferPointer($0)) }
    }

    private static func hexDigits(of digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: SHA256.byteCount * 2) { output in
            var index = 0
            for byte in digest {
                output[index] = digits[Int(byte >> 4)]
                output[index + 1] = digits[Int(byte & 0x0f)]
                index += 2
            }
            return index
        }
    }
}
