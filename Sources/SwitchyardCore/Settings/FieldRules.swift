import Foundation
import SwitchyardSecrets

/// The checks settings objects share. Each throws `invalidField` naming the field, and never
/// repeats the value it rejects: the value may be a secret.
enum FieldRules {
    static func required(_ value: String?, _ path: String) throws {
        guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw SwitchyardError.invalidField(path, "is required")
        }
    }

    static func port(_ value: Int?, _ path: String) throws {
        guard let value else { return }
        guard (1...65535).contains(value) else {
            throw SwitchyardError.invalidField(path, "must be a port number from 1 to 65535")
        }
    }

    static func digits(_ value: String?, _ path: String) throws {
        guard let value else { return }
        guard !value.isEmpty, value.allSatisfy(\.isASCII), value.allSatisfy(\.isNumber) else {
            throw SwitchyardError.invalidField(path, "must be a whole number written as a string")
        }
    }

    static func nonNegative(_ value: Int?, _ path: String) throws {
        if let value, value < 0 { throw SwitchyardError.invalidField(path, "must not be negative") }
    }

    /// A PEM block such as `-----BEGIN PRIVATE KEY-----` … `-----END PRIVATE KEY-----`.
    static func pem(_ value: String?, _ path: String) throws {
        guard let value else { return }
        let text = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.hasPrefix("-----BEGIN "), text.contains("-----END "), text.hasSuffix("-----") else {
            throw SwitchyardError.invalidField(path, "must be a PEM-encoded key (-----BEGIN … -----END …-----)")
        }
    }

    /// An RSA private key in PEM, opened with `passphrase` when it is encrypted: a key that
    /// does not parse names `path`, a missing or wrong passphrase names `passphrasePath`.
    static func rsaPrivateKey(_ value: String?, passphrase: String?, _ path: String, passphrasePath: String) throws {
        guard let value else { return }
        try pem(value, path)
        do {
            _ = try RSAPrivateKeyPEM.parse(value, passphrase: passphrase)
        } catch .needsPassphrase {
            throw SwitchyardError.invalidField(passphrasePath, "is required: the private key is encrypted")
        } catch .wrongPassphrase {
            throw SwitchyardError.invalidField(passphrasePath, "does not open the private key")
        } catch .unsupportedEncryption {
            throw SwitchyardError.invalidField(path, "is encrypted in a way not supported (use PBES2 with AES-CBC)")
        } catch .notAKey {
            throw SwitchyardError.invalidField(path, "must be an RSA private key in PEM (PKCS#8 or PKCS#1)")
        }
    }

    /// A Google service-account key: a JSON object with `client_email` and `private_key`.
    static func serviceAccountKey(_ value: String?, _ path: String) throws {
        guard let value else { return }
        let object = (try? JSONSerialization.jsonObject(with: Data(value.utf8))) as? [String: Any]
        guard let object else {
            throw SwitchyardError.invalidField(path, "must be a service-account key in JSON")
        }
        for member in ["client_email", "private_key"] where (object[member] as? String)?.isEmpty ?? true {
            throw SwitchyardError.invalidField(path, "must be a service-account key with \(member)")
        }
        guard let pem = object["private_key"] as? String, (try? RSAPrivateKeyPEM.parse(pem, passphrase: nil)) != nil else {
            throw SwitchyardError.invalidField(path, "must be a service-account key whose private_key is an RSA key in PEM")
        }
    }

    /// Names of projects and connections, as they appear in paths.
    static func resourceName(_ value: String, _ path: String) throws {
        guard value.wholeMatch(of: /[a-zA-Z0-9_-]+/) != nil else {
            throw SwitchyardError.invalidField(path, "must match ^[a-zA-Z0-9_-]+$")
        }
    }

    /// Names of attached databases, which become SQL identifiers.
    static func attachedName(_ value: String?, _ path: String) throws {
        try required(value, path)
        guard let value, value.wholeMatch(of: /[a-zA-Z_][a-zA-Z0-9_]*/) != nil else {
            throw SwitchyardError.invalidField(path, "must match ^[a-zA-Z_][a-zA-Z0-9_]*$")
        }
    }
}
