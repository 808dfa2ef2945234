import Crypto
import Foundation

/// Envelope encryption with AES-256-GCM: each project has a random data key, kept only
/// wrapped (sealed) by the master key; secrets are sealed with the project's data key and
/// bound to where they belong, so a sealed value moved to another row does not open.
public struct SecretVault: Sendable {
    public enum Failure: Error, Equatable {
        /// The master key does not open what it is asked to: wrong key, or damaged data.
        case wrongKeyOrDamaged
    }

    private let master: MasterKey
    private static let checkText = Data("switchyard master key check".utf8)

    public init(master: MasterKey) { self.master = master }

    /// A new data key, wrapped by the master key.
    public func makeWrappedDataKey() throws -> [UInt8] {
        try wrap(SymmetricKey(size: .bits256), under: master)
    }

    public func seal(_ plaintext: [UInt8], wrappedKey: [UInt8], context: String) throws -> [UInt8] {
        let box = try AES.GCM.seal(plaintext, using: try unwrap(wrappedKey), authenticating: Data(context.utf8))
        return Array(box.combined!)
    }

    public func open(_ sealed: [UInt8], wrappedKey: [UInt8], context: String) throws -> [UInt8] {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            return Array(try AES.GCM.open(box, using: try unwrap(wrappedKey), authenticating: Data(context.utf8)))
        } catch {
            throw Failure.wrongKeyOrDamaged
        }
    }

    /// The same data key, wrapped by `newMaster` instead.
    public func rewrap(_ wrappedKey: [UInt8], under newMaster: MasterKey) throws -> [UInt8] {
        try wrap(try unwrap(wrappedKey), under: newMaster)
    }

    /// A value only this master key opens; stored beside the data so that starting with
    /// another key is caught at once, not when a secret is first read.
    public func makeKeyCheck() throws -> String {
        Data(try AES.GCM.seal(Self.checkText, using: master.key).combined!).base64EncodedString()
    }

    public func verify(keyCheck: String) -> Bool {
        guard let data = Data(base64Encoded: keyCheck), let box = try? AES.GCM.SealedBox(combined: data),
            let text = try? AES.GCM.open(box, using: master.key)
        else { return false }
        return text == Self.checkText
    }

    private func wrap(_ dataKey: SymmetricKey, under master: MasterKey) throws -> [UInt8] {
        let raw = dataKey.withUnsafeBytes { Data($0) }
        return Array(try AES.GCM.seal(raw, using: master.key, authenticating: Data("data key".utf8)).combined!)
    }

    private func unwrap(_ wrappedKey: [UInt8]) throws -> SymmetricKey {
        do {
            let box = try AES.GCM.SealedBox(combined: wrappedKey)
            return SymmetricKey(data: try AES.GCM.open(box, using: master.key, authenticating: Data("data key".utf8)))
        } catch {
            throw Failure.wrongKeyOrDamaged
        }
    }
}
