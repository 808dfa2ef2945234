import Foundation
@testable import SwitchyardCore
import Testing

/// `JSONValueEncoder` must give exactly the tree a JSON round trip gives (`JSONEncoder`, then
/// `JSONValue` decoded from its text), which is what PATCH merged into before.
@Suite struct JSONValueEncoderTests {
    static func roundTrip(_ value: some Encodable) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(value))
    }

    @Test(arguments: [
        #"{"postgresConnection":{"host":"h","port":5432,"databaseName":"d","userName":"u","password":"p"}}"#,
        #"{"postgresConnection":{"connectionString":"postgres://u@h/d?sslmode=require"}}"#,
        #"{"mysqlConnection":{"host":"h","port":3306,"database":"d","user":"u","password":"p"}}"#,
        #"{"bigqueryConnection":{"defaultProjectId":"p","location":"EU","serviceAccountKeyJson":"{}","maximumBytesBilled":"100"}}"#,
        #"{"snowflakeConnection":{"account":"a","username":"u","password":"p","warehouse":"w","responseTimeoutMilliseconds":1500}}"#,
        #"{"trinoConnection":{"server":"http://t","port":8080,"catalog":"c","schema":"s","user":"u"}}"#,
        #"{"motherduckConnection":{"accessToken":"t","database":"db"}}"#,
        #"{"duckdbConnection":{"attachedDatabases":[{"name":"pg","type":"postgres","postgresConnection":{"host":"h","port":5432,"databaseName":"d"}},{"name":"lake","type":"s3","s3Connection":{"accessKeyId":"AK","secretAccessKey":"S"}},{"name":"bucket","type":"gcs","gcsConnection":{"keyId":"K","secret":"S"}}]}}"#,
        #"{"duckdbConnection":{}}"#,
    ])
    func configurationsGiveTheRoundTripsTree(json: String) throws {
        let config = try JSONDecoder().decode(ConnectionConfig.self, from: Data(json.utf8))
        #expect(try JSONValueEncoder().encode(config) == Self.roundTrip(config))
    }

    struct Mixed: Encodable {
        var whole = 3.0
        var fraction = 0.25
        var negativeZero = -0.0
        var large = 1e300
        var unsigned = UInt64.max
        var small: Int8 = -8
        var flag = true
        var missing: String? = nil
        var explicitNull: String?? = .some(nil)
        var list: [[Int]] = [[1, 2], [], [3]]
        var nested: [String: [String: Bool]] = ["a": ["b": false]]
        var empty: [String] = []
    }

    @Test func scalarsNestingAndNullsGiveTheRoundTripsTree() throws {
        let direct = try JSONValueEncoder().encode(Mixed())
        #expect(direct == (try Self.roundTrip(Mixed())))
        #expect(direct.object?["missing"] == nil)
        #expect(direct.object?["whole"] == .integer(3))
    }

    @Test func aNumberJSONCannotHoldIsRefused() {
        struct Infinite: Encodable { var value = Double.infinity }
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(Infinite()) }
    }
}

/// `JSONValueDecoder` must accept what `JSONDecoder` accepts from the tree's text, and refuse
/// the rest with the error a client would be told for it (same field, same words).
@Suite struct JSONValueDecoderTests {
    /// Through the text, as PATCH decoded its merged configuration before.
    static func throughText(_ tree: JSONValue) -> Result<ConnectionConfig, SwitchyardError> {
        Result {
            do {
                return try JSONDecoder().decode(ConnectionConfig.self, from: JSONEncoder().encode(tree))
            } catch let error as DecodingError {
                throw SwitchyardError(error)
            }
        }.mapError { $0 as! SwitchyardError }
    }

    static func direct(_ tree: JSONValue) -> Result<ConnectionConfig, SwitchyardError> {
        Result { try JSONCoding.decode(ConnectionConfig.self, from: tree) }.mapError { $0 as! SwitchyardError }
    }

    static func tree(_ json: String) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
    }

    @Test(arguments: [
        // Accepted.
        #"{"postgresConnection":{"host":"h","port":5432,"databaseName":"d","userName":"u","password":"p"}}"#,
        #"{"snowflakeConnection":{"account":"a","responseTimeoutMilliseconds":1500}}"#,
        #"{"duckdbConnection":{"attachedDatabases":[{"name":"pg","type":"postgres","postgresConnection":{"host":"h","port":5432}},{"name":"lake","type":"s3","s3Connection":{"accessKeyId":"AK","secretAccessKey":"S"}}]}}"#,
        #"{"postgresConnection":{"host":null,"port":null}}"#,
        // Refused: each kind of mistake, at the top and inside an array's item.
        #"{"postgresConnection":{"port":"5432"}}"#,
        #"{"postgresConnection":{"host":5}}"#,
        #"{"postgresConnection":{"host":true}}"#,
        #"{"postgresConnection":{"pasword":"p"}}"#,
        #"{"postgresConnection":"text"}"#,
        #"{"postgresConnection":[]}"#,
        #"{"duckdbConnection":{"attachedDatabases":{"name":"pg"}}}"#,
        #"{"duckdbConnection":{"attachedDatabases":["pg"]}}"#,
        #"{"duckdbConnection":{"attachedDatabases":[{"name":"pg","type":"postgres","postgresConnection":{"port":"x"}}]}}"#,
        #"{"duckdbConnection":{"attachedDatabases":[{"type":"postgres"}]}}"#,
        #"{"duckdbConnection":{"attachedDatabases":[null]}}"#,
        #"{}"#,
        #"{"trinoConnection":{},"mysqlConnection":{}}"#,
    ])
    func treesDecodeAsTheirTextDoes(json: String) throws {
        let tree = try Self.tree(json)
        #expect(Self.direct(tree) == Self.throughText(tree))
    }

    /// Through the text, `JSONDecoder` reports a number its field cannot hold as a fault of the
    /// whole body; decoded directly, the field is named.
    @Test(arguments: [
        (#"{"postgresConnection":{"port":5432.5}}"#, "postgresConnection.port"),
        (#"{"postgresConnection":{"port":99999999999999999999}}"#, "postgresConnection.port"),
        (#"{"mysqlConnection":{"port":-1.5}}"#, "mysqlConnection.port"),
    ])
    func aNumberItsFieldCannotHoldNamesTheField(json: String, field: String) throws {
        let tree = try Self.tree(json)
        #expect(Self.throughText(tree) == .failure(.invalidField("body", "is not valid JSON")))
        #expect(Self.direct(tree) == .failure(.invalidField(field, "has a value of the wrong kind")))
    }
}
