import Foundation
import Testing

/// Loads the stream fixtures and pyarrow's recorded reading of them (expected.json),
/// both written by Fixtures/make_fixtures.py.
enum Fixtures {
    static func bytes(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return [UInt8](try Data(contentsOf: url))
    }

    static func expected(_ name: String) throws -> ExpectedFixture {
        try #require(expectations.fixtures[name], "no expectation for \(name)")
    }

    static let expectations: ExpectedFile = {
        do {
            let url = Bundle.module.url(forResource: "expected", withExtension: "json", subdirectory: "Fixtures")
            guard let url else {
                fatalError("Fixtures/expected.json is not in the test bundle")
            }
            return try JSONDecoder().decode(ExpectedFile.self, from: Data(contentsOf: url))
        } catch {
            fatalError("cannot load Fixtures/expected.json: \(error)")
        }
    }()
}

struct ExpectedFile: Decodable, Sendable {
    let pyarrowVersion: String
    let fixtures: [String: ExpectedFixture]

    enum CodingKeys: String, CodingKey {
        case pyarrowVersion = "pyarrow_version"
        case fixtures
    }
}

struct ExpectedFixture: Decodable, Sendable {
    let fields: [ExpectedField]
    let metadata: [String: String]
    let batches: [ExpectedBatch]
}

struct ExpectedField: Decodable, Sendable {
    let name: String
    /// pyarrow's `str(field.type)`.
    let type: String
    let nullable: Bool
    let metadata: [String: String]
    let children: [ExpectedField]
}

struct ExpectedBatch: Decodable, Sendable {
    let length: Int
    let columns: [ExpectedColumn]
}

struct ExpectedColumn: Decodable, Sendable {
    let name: String
    /// How `values` are encoded: int, uint, double, bool, string, bytes, decimal, null, struct, list.
    let kind: String
    let values: [ExpectedValue]
    let children: [ExpectedColumn]
}

/// One slot as pyarrow read it: null, a bool, a string-encoded number/text/hex, or a [start, end) range.
enum ExpectedValue: Decodable, Sendable {
    case null
    case bool(Bool)
    case text(String)
    case range([Int])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(String.self) {
            self = .text(value)
        } else {
            self = .range(try container.decode([Int].self))
        }
    }
}
