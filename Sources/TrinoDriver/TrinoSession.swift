import Foundation
import NIOHTTP1

/// What a statement sequence's requests say about the session: catalog, schema and session
/// properties. Trino keeps no session on the server; it answers statements such as `USE` or
/// `SET SESSION` with `X-Trino-Set-*` / `X-Trino-Clear-*` headers, and the client sends the
/// result on its later requests of the same sequence.
struct TrinoSession: Sendable, Equatable {
    var catalog: String?
    var schema: String?
    /// Session properties in the order they were set.
    var properties: [Property] = []

    struct Property: Sendable, Equatable {
        let name: String
        let value: String
    }

    /// Applies the session changes a response announces.
    mutating func apply(_ headers: HTTPHeaders) {
        if let catalog = headers.first(name: "X-Trino-Set-Catalog") { self.catalog = catalog }
        if let schema = headers.first(name: "X-Trino-Set-Schema") { self.schema = schema }
        for pair in headers[canonicalForm: "X-Trino-Set-Session"] {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            properties.removeAll { $0.name == parts[0] }
            properties.append(Property(name: parts[0], value: parts[1]))
        }
        for name in headers[canonicalForm: "X-Trino-Clear-Session"] {
            properties.removeAll { $0.name == name.trimmingCharacters(in: .whitespaces) }
        }
    }

    /// The request headers that carry this session.
    func write(to headers: inout HTTPHeaders) {
        if let catalog { headers.replaceOrAdd(name: "X-Trino-Catalog", value: catalog) }
        if let schema { headers.replaceOrAdd(name: "X-Trino-Schema", value: schema) }
        if !properties.isEmpty {
            // Values arrive already encoded, and go back as they came.
            headers.replaceOrAdd(name: "X-Trino-Session", value: properties.map { "\($0.name)=\($0.value)" }.joined(separator: ","))
        }
    }
}
