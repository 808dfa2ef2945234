import Foundation
import SwitchyardCore
import Testing

/// Each settings type declares its secret fields once (`secretFields`); redaction,
/// `secretsSet`, the values scrubbed from database messages and the contract's `writeOnly`
/// marks must all agree with that declaration.
@Suite struct SecretDeclarationTests {
    /// A settings type as the tests see it: its name and what its declaration says.
    struct Declared: Sendable {
        let typeName: String
        let writeOnly: Set<String>
        /// Redacts a value with every declared secret set to a marker; returns the markers,
        /// the redacted JSON, the `secretsSet` paths, the declared paths and `secretValues`.
        let exercise: @Sendable () throws -> (markers: [String], redactedJSON: String, secretsSet: [String], expected: [String], values: [String])

        init<S: ConnectionSettings>(_ type: S.Type) {
            let name = String(describing: type)
            typeName = name
            writeOnly = Set(S.secretFields.filter(\.isWriteOnly).map(\.name))
            exercise = {
                var settings = try JSONDecoder().decode(S.self, from: Data("{}".utf8))
                var markers: [String] = []
                var expected: [String] = []
                for field in S.secretFields {
                    let marker = "marker-\(name)-\(field.name)"
                    markers.append(marker)
                    switch field.kind {
                    case .whole:
                        settings[keyPath: field.keyPath] = marker
                        expected.append("x.\(field.name)")
                    case .connectionStringPassword:
                        settings[keyPath: field.keyPath] = "postgresql://u:\(marker)@h/d"
                        expected.append("x.\(field.name).password")
                    }
                }
                let redacted = settings.redacted(at: "x")
                let json = String(decoding: try JSONEncoder().encode(redacted.settings), as: UTF8.self)
                return (markers, json, redacted.secretsSet, expected, settings.secretValues)
            }
        }
    }

    /// Every settings type, by the schema name the contract gives it.
    static let declared: [String: Declared] = [
        "PostgresConnection": Declared(PostgresSettings.self),
        "MysqlConnection": Declared(MySQLSettings.self),
        "BigqueryConnection": Declared(BigQuerySettings.self),
        "SnowflakeConnection": Declared(SnowflakeSettings.self),
        "DuckdbConnection": Declared(DuckDBSettings.self),
        "MotherduckConnection": Declared(MotherDuckSettings.self),
        "TrinoConnection": Declared(TrinoSettings.self),
        "GcsConnection": Declared(GCSSettings.self),
        "S3Connection": Declared(S3Settings.self),
    ]

    static let apiDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/SwitchyardAPI")

    static func read(_ file: String) throws -> String {
        try String(contentsOf: apiDirectory.appendingPathComponent(file), encoding: .utf8)
    }

    @Test(arguments: declared.keys.sorted())
    func redactionAndScrubbingFollowTheDeclaration(schema: String) throws {
        let result = try #require(Self.declared[schema]).exercise()
        #expect(result.secretsSet == result.expected)
        #expect(result.values == result.markers)
        for marker in result.markers { #expect(!result.redactedJSON.contains(marker), "\(marker)") }
    }

    @Test func theContractMarksExactlyTheDeclaredSecretsWriteOnly() throws {
        let marked = OpenAPIScan(try Self.read("openapi.yaml")).writeOnlyProperties()
        for (schema, declared) in Self.declared {
            #expect(marked[schema] == declared.writeOnly, "\(schema)")
        }
        let elsewhere = marked.filter { !$0.value.isEmpty && Self.declared[$0.key] == nil }
        #expect(elsewhere.isEmpty, "write-only fields in schemas with no settings type: \(elsewhere)")
    }

    /// The generator maps each settings schema to its Swift type; each such type is checked above.
    @Test func everySettingsTypeOfTheContractIsChecked() throws {
        let overrides = try Self.read("openapi-generator-config.yaml").split(separator: "\n").compactMap { line in
            line.wholeMatch(of: /\s*(\w+): SwitchyardCore\.(\w+Settings)\s*/).map { (String($0.1), String($0.2)) }
        }
        #expect(overrides.count == Self.declared.count)
        for (schema, typeName) in overrides {
            #expect(Self.declared[schema]?.typeName == typeName, "\(schema)")
        }
    }

    @Test func theScanReadsBothFlowAndBlockProperties() {
        let yaml = """
            paths: {}
            components:
              schemas:
                A:
                  type: object
                  properties:
                    plain: { type: string }
                    flow: { type: string, writeOnly: true, description: "a, b: c" }  # comment
                    block:
                      type: string
                      writeOnly: true
                    nested:
                      type: object
                      properties:
                        inner: { writeOnly: true }
                    off: { writeOnly: false }
                B:
                  properties:
                    quoted: { description: "writeOnly: true" }
            """
        #expect(OpenAPIScan(yaml).writeOnlyProperties() == ["A": ["flow", "block"], "B": []])
    }
}
