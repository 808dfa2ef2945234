import Crypto
import Foundation

/// A bearer token kept only as its SHA-256 digest, compared in constant time.
public struct TokenDigest: Sendable, Equatable {
    public let hex: String
    /// The digest itself, which `matches` compares.
    private let bytes: [UInt8]

    public init(token: String) { self.init(hex: Self.hexDigits(of: Self.digest(token))) }

    public init(hex: String) {
        self.hex = hex
        bytes = Self.bytes(ofHex: hex)
    }

    /// A new random token: 32 bytes, URL-safe base64.
    public static func generateToken() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return "sy_" + bytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Whether `token` hashes to this digest, taking the same time wherever they differ.
    /// Every request asks this: no string formatting on the way.
    public func matches(_ token: some StringProtocol) -> Bool {
        let candidate = Self.digest(token)
        guard bytes.count == SHA256.byteCount else { return false }
        return zip(candidate, bytes).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func digest(_ token: some StringProtocol) -> SHA256.Digest {
        let hashed = token.utf8.withContiguousStorageIfAvailable { SHA256.hash(data: UnsafeRawBufferPointer($0)) }
        return hashed ?? SHA256.hash(data: Array(token.utf8))
    }

    /// The bytes that `hex` spells; empty when it is not 64 hex digits, which matches nothing.
    private static func bytes(ofHex hex: String) -> [UInt8] {
        func value(_ digit: UInt8) -> UInt8? {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        let digits = Array(hex.utf8)
        guard digits.count == SHA256.byteCount * 2 else { return [] }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = value(digits[index]), let low = value(digits[index + 1]) else { return [] }
            bytes.append(high << 4 | low)
        }
        return bytes
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
