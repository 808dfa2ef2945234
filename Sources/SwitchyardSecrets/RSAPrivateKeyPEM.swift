import Crypto
import Foundation
import SwiftASN1
import _CryptoExtras

/// An RSA private key given as PEM, the way warehouses' key-pair logins take it: PKCS#8
/// (`BEGIN PRIVATE KEY`), PKCS#1 (`BEGIN RSA PRIVATE KEY`), or PKCS#8 encrypted with a
/// passphrase (`BEGIN ENCRYPTED PRIVATE KEY`, PBES2 with PBKDF2 and AES-CBC, as OpenSSL writes
/// it). Failures say what is wrong, never any part of the key.
public enum RSAPrivateKeyPEM {
    public enum Failure: Error, Equatable {
        case notAKey
        case needsPassphrase
        case wrongPassphrase
        case unsupportedEncryption
    }

    public static func parse(_ pem: String, passphrase: String?) throws(Failure) -> _RSA.Signing.PrivateKey {
        guard pem.contains("ENCRYPTED PRIVATE KEY") else {
            guard let key = try? _RSA.Signing.PrivateKey(pemRepresentation: pem) else { throw .notAKey }
            return key
        }
        guard let passphrase, !passphrase.isEmpty else { throw .needsPassphrase }
        guard let document = try? PEMDocument(pemString: pem) else { throw .notAKey }
        let plain = try PBES2Envelope.open(document.derBytes, passphrase: passphrase)
        guard let key = try? _RSA.Signing.PrivateKey(derRepresentation: plain) else { throw .wrongPassphrase }
        return key
    }

    /// `SHA256:<base64>` of the public half's DER SubjectPublicKeyInfo: how Snowflake names
    /// the key a JWT was signed with.
    public static func fingerprint(of key: _RSA.Signing.PrivateKey) -> String {
        "SHA256:" + Data(SHA256.hash(data: key.publicKey.derRepresentation)).base64EncodedString()
    }
}

/// PKCS#8 `EncryptedPrivateKeyInfo` under PBES2 (RFC 8018): PBKDF2 with HMAC-SHA1/-SHA256
/// derives the key for AES-128/192/256-CBC.
enum PBES2Envelope {
    private static let pbes2 = "1.2.840.113549.1.5.13"
    private static let pbkdf2 = "1.2.840.113549.1.5.12"
    private static let prfs: [String: HashFunction] = [
        "1.2.840.113549.2.7": .insecureSHA1, "1.2.840.113549.2.9": .sha256, "1.2.840.113549.2.10": .sha384,
        "1.2.840.113549.2.11": .sha512,
    ]
    private static let ciphers: [String: Int] = [
        "2.16.840.1.101.3.4.1.2": 16, "2.16.840.1.101.3.4.1.22": 24, "2.16.840.1.101.3.4.1.42": 32,
    ]

    typealias HashFunction = KDF.Insecure.PBKDF2.HashFunction

    private struct Parameters {
        var salt: [UInt8] = []
        var rounds = 0
        var prf: HashFunction = .insecureSHA1
        var keyLength = 0
        var iv: [UInt8] = []
        var ciphertext: [UInt8] = []
    }

    static func open(_ der: [UInt8], passphrase: String) throws(RSAPrivateKeyPEM.Failure) -> [UInt8] {
        let parameters: Parameters
        do {
            parameters = try read(der)
        } catch let failure as RSAPrivateKeyPEM.Failure {
            throw failure
        } catch {
            throw .notAKey
        }
        guard parameters.rounds > 0, parameters.rounds <= 10_000_000, parameters.iv.count == 16 else { throw .unsupportedEncryption }
        do {
            let key = try KDF.Insecure.PBKDF2.deriveKey(
                from: Array(passphrase.utf8), salt: parameters.salt, using: parameters.prf,
                outputByteCount: parameters.keyLength, unsafeUncheckedRounds: parameters.rounds)
            return Array(try AES._CBC.decrypt(parameters.ciphertext, using: key, iv: AES._CBC.IV(ivBytes: parameters.iv)))
        } catch {
            throw .wrongPassphrase
        }
    }

    private static func read(_ der: [UInt8]) throws -> Parameters {
        var parameters = Parameters()
        try DER.sequence(try DER.parse(der), identifier: .sequence) { info in
            try DER.sequence(try next(&info), identifier: .sequence) { algorithm in
                guard try oid(next(&algorithm)) == pbes2 else { throw RSAPrivateKeyPEM.Failure.unsupportedEncryption }
                try DER.sequence(try next(&algorithm), identifier: .sequence) { scheme in
                    try DER.sequence(try next(&scheme), identifier: .sequence) { kdf in
                        guard try oid(next(&kdf)) == pbkdf2 else { throw RSAPrivateKeyPEM.Failure.unsupportedEncryption }
                        try DER.sequence(try next(&kdf), identifier: .sequence) { fields in
                            parameters.salt = Array(try ASN1OctetString(derEncoded: next(&fields)).bytes)
                            parameters.rounds = try Int(derEncoded: next(&fields))
                            while let field = fields.next() {
                                if field.identifier == .integer { continue }  // keyLength: the cipher decides
                                let prf = try DER.sequence(field, identifier: .sequence) { nodes in
                                    defer { while nodes.next() != nil {} }  // the parameters: NULL
                                    return try oid(next(&nodes))
                                }
                                guard let function = prfs[prf] else { throw RSAPrivateKeyPEM.Failure.unsupportedEncryption }
                                parameters.prf = function
                            }
                        }
                    }
                    try DER.sequence(try next(&scheme), identifier: .sequence) { cipher in
                        guard let length = ciphers[try oid(next(&cipher))] else { throw RSAPrivateKeyPEM.Failure.unsupportedEncryption }
                        parameters.keyLength = length
                        parameters.iv = Array(try ASN1OctetString(derEncoded: next(&cipher)).bytes)
                    }
                }
            }
            parameters.ciphertext = Array(try ASN1OctetString(derEncoded: next(&info)).bytes)
        }
        return parameters
    }

    private static func next(_ nodes: inout ASN1NodeCollection.Iterator) throws -> ASN1Node {
        guard let node = nodes.next() else { throw RSAPrivateKeyPEM.Failure.notAKey }
        return node
    }

    private static func oid(_ node: ASN1Node) throws -> String {
        try ASN1ObjectIdentifier(derEncoded: node).description
    }
}
