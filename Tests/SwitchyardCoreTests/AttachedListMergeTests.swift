import Foundation
import SwitchyardCore
import Testing

/// `attachedDatabases` in a PATCH is the new list, matched by `name` to the stored one.
@Suite struct AttachedListMergeTests {
    static let stored = """
        {"duckdbConnection":{"attachedDatabases":[
          {"name":"lake","type":"s3","s3Connection":{"accessKeyId":"AK","secretAccessKey":"lake-secret"}},
          {"name":"bucket","type":"gcs","gcsConnection":{"keyId":"K","secret":"bucket-secret"}},
          {"name":"pg","type":"postgres","postgresConnection":{"host":"h","databaseName":"d","password":"pg-pw"}}]}}
        """

    static func decode<Settings: Decodable>(_ json: String) throws -> Settings {
        try JSONDecoder().decode(Settings.self, from: Data(json.utf8))
    }

    func patch(_ list: String) throws -> [AttachedDatabase] {
        let stored = try JSONDecoder().decode(ConnectionConfig.self, from: Data(Self.stored.utf8))
        let body = try JSONDecoder().decode(JSONObject.self, from: Data(#"{"duckdbConnection":{"attachedDatabases":\#(list)}}"#.utf8))
        guard case .duckdb(let settings) = try ConnectionUpdate.apply(body, to: stored, name: "c") else {
            Issue.record("not duckdb")
            return []
        }
        return settings.attachedDatabases ?? []
    }

    @Test func itemsLeftOutAreRemovedAndTheOrderIsTheOneSent() throws {
        let result = try patch(#"[{"name":"pg"},{"name":"lake"}]"#)
        #expect(result.map(\.name) == ["pg", "lake"])
        #expect(result.map(\.target) == [
            .postgres(PostgresSettings(host: "h", databaseName: "d", password: "pg-pw")),
            .s3(try Self.decode(#"{"accessKeyId":"AK","secretAccessKey":"lake-secret"}"#)),
        ])
    }

    @Test func anItemKeptByNameKeepsTheSecretsItLeavesOut() throws {
        let result = try patch(#"[{"name":"bucket","gcsConnection":{"keyId":"K2"}},{"name":"new","gcsConnection":{"keyId":"N","secret":"new-secret"}}]"#)
        #expect(result.map(\.name) == ["bucket", "new"])
        #expect(result.map(\.target) == [
            .gcs(try Self.decode(#"{"keyId":"K2","secret":"bucket-secret"}"#)),
            .gcs(try Self.decode(#"{"keyId":"N","secret":"new-secret"}"#)),
        ])
    }

    @Test func anItemOfAnotherTypeReplacesTheStoredOneAndKeepsNoSecret() throws {
        #expect(throws: SwitchyardError.invalidField("duckdbConnection.attachedDatabases[0].gcsConnection.secret", "is required")) {
            try patch(#"[{"name":"lake","gcsConnection":{"keyId":"K"}}]"#)
        }
        let result = try patch(#"[{"name":"lake","gcsConnection":{"keyId":"K","secret":"fresh"}}]"#)
        #expect(result.map(\.target) == [.gcs(try Self.decode(#"{"keyId":"K","secret":"fresh"}"#))])
    }

    @Test func anItemWhoseTypeObjectIsClearedIsIncomplete() throws {
        #expect(throws: SwitchyardError.invalidField(
            "duckdbConnection.attachedDatabases[1].postgresConnection", "is required when type is postgres"
        )) {
            try patch(#"[{"name":"lake"},{"name":"pg","postgresConnection":null}]"#)
        }
    }

    @Test func anEmptyListRemovesEveryItem() throws {
        #expect(try patch("[]").isEmpty)
    }
}
