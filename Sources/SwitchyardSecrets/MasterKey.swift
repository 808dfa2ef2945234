import Crypto
import Foundation

/// The key that wraps every project's data key. It never encrypts secrets itself, so that
/// rotating it rewraps one small key per project instead of re-encrypting every secret.
public struct MasterKey: Sendable {
    private let bytes: [UInt8]

    var key: SymmetricKey { SymmetricKey(data: bytes) }

    /// A new random 256-bit key.
    public static func generate() -> MasterKey { MasterKey(key: SymmetricKey(size: .bits256)) }

    /// A key given as base64 of exactly 32 bytes.
    public init?(base64: String) {
        guard let bytes = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)),
            bytes.count == 32
        else { return nil }
        self.bytes = Array(bytes)
    }

    init(key: SymmetricKey) { bytes = key.withUnsafeBytes { Array($0) } }

    /// The key as base64, for a key file or an operator to keep.
    public var base64: String { Data(bytes).base64EncodedString() }
}
