import Foundation
import SwitchyardCore
import SwitchyardSecrets
import SwitchyardDrivers
import Testing

@Suite struct ConnectionStringTests {
    @Test(arguments: [
        ("postgresql://u:p%40ss@h:5432/db?sslmode=require", "p@ss", "postgresql://u@h:5432/db?sslmode=require"),
        ("postgres://u@h/db?password=pw&sslmode=disable", "pw", "postgres://u@h/db?sslmode=disable"),
        ("postgresql://h/db", nil, "postgresql://h/db"),
        ("host=h dbname=db password='a b\\'c' user=u", "a b'c", "host=h dbname=db user=u"),
        ("host=h password=secret", "secret", "host=h"),
    ] as [(String, String?, String)])
    func passwordIsFoundAndRemoved(text: String, password: String?, redacted: String) throws {
        let parsed = try #require(ConnectionString(text))
        #expect(parsed.password == password)
        #expect(parsed.withoutPassword.text == redacted)
        #expect(parsed.withoutPassword.password == nil)
    }

    @Test func textThatIsNeitherFormIsRefused() {
        #expect(ConnectionString("just words") == nil)
        #expect(ConnectionString("host='unterminated") == nil)
    }
}

@Suite struct SecretVaultTests {
    @Test func sealedValuesOpenOnlyWithTheirKeyAndPlace() throws {
        let vault = SecretVault(master: .generate())
        let wrapped = try vault.makeWrappedDataKey()
        let sealed = try vault.seal(Array("hello".utf8), wrappedKey: wrapped, context: "a")
        #expect(try vault.open(sealed, wrappedKey: wrapped, context: "a") == Array("hello".utf8))
        #expect(throws: SecretVault.Failure.wrongKeyOrDamaged) { try vault.open(sealed, wrappedKey: wrapped, context: "b") }
        let other = SecretVault(master: .generate())
        #expect(throws: SecretVault.Failure.wrongKeyOrDamaged) { try other.open(sealed, wrappedKey: wrapped, context: "a") }

        let next = MasterKey.generate()
        let rewrapped = try vault.rewrap(wrapped, under: next)
        #expect(try SecretVault(master: next).open(sealed, wrappedKey: rewrapped, context: "a") == Array("hello".utf8))
        #expect(vault.verify(keyCheck: try vault.makeKeyCheck()))
        #expect(!other.verify(keyCheck: try vault.makeKeyCheck()))
    }

    @Test func masterKeysMustBeThirtyTwoBytes() {
        #expect(MasterKey(base64: Data(count: 32).base64EncodedString()) != nil)
        #expect(MasterKey(base64: Data(count: 16).base64EncodedString()) == nil)
        #expect(MasterKey(base64: "not base64!") == nil)
    }

    @Test func tokenDigestsMatchOnlyTheirToken() {
        let token = TokenDigest.generateToken()
        let digest = TokenDigest(token: token)
        #expect(digest.matches(token))
        #expect(!digest.matches(token + "x"))
        #expect(!digest.matches(""))
        #expect(TokenDigest(hex: digest.hex) == digest)
        #expect(TokenDigest.generateToken() != token)
    }
}

@Suite struct ConnectionStringParameterTests {
    @Test func bothFormsGiveLibpqKeywords() throws {
        let uri = try #require(ConnectionString("postgresql://rep%40x:pw@db.internal:6432/sales%20db?sslmode=require"))
        #expect(uri.parameters == [
            "user": "rep@x", "password": "pw", "host": "db.internal", "port": "6432", "dbname": "sales db",
            "sslmode": "require",
        ])
        let ipv6 = try #require(ConnectionString("postgres://[::1]:5433/d"))
        #expect(ipv6.parameters == ["host": "::1", "port": "5433", "dbname": "d"])
        let pairs = try #require(ConnectionString("host=h port=5 dbname='a b' user=u"))
        #expect(pairs.parameters == ["host": "h", "port": "5", "dbname": "a b", "user": "u"])
    }
}

@Suite struct RowJSONTests {
    @Test(arguments: [
        ("0", true), ("-0", true), ("12345678901234567890.123456789", true), ("1e10", true), ("-2.5E-3", true),
        ("", false), ("-", false), ("01", false), ("1.", false), (".5", false), ("1e", false), ("NaN", false),
        ("Infinity", false), ("1 ", false), ("0x1F", false),
    ])
    func decimalsAreWrittenAsNumbersOnlyWhenJSONAllowsIt(text: String, isNumber: Bool) {
        #expect(JSONWriter.isNumber(text) == isNumber)
    }
}
