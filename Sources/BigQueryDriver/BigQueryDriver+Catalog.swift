import Foundation
import HTTPDriverKit
import SwitchyardDrivers

/// Schemas are the datasets of the connection's project (`datasets.list`), tables come from
/// `tables.list` and their columns from `tables.get`, nested fields under dotted names. Names
/// from clients go into URL paths percent-encoded, never into SQL.
extension BigQueryDriver {
    public func schemas() async throws -> [SchemaInfo] {
        try await everyItem(of: "/projects/\(URLText.component(settings.dataProject))/datasets", member: "datasets").compactMap { node in
            guard let name = node["datasetReference"]?["datasetId"]?.string else { return nil }
            return SchemaInfo(name: name, isDefault: false, isHidden: name.hasPrefix("_") || name == Self.scratchDataset)
        }
    }

    public func tables(inSchema schema: String, named names: [String]?) async throws -> [TableInfo] {
        if let names, names.isEmpty { return [] }
        let path = "/projects/\(URLText.component(settings.dataProject))/datasets/\(URLText.component(schema))/tables"
        var listed = try await everyItem(of: path, member: "tables").compactMap { $0["tableReference"]?["tableId"]?.string }
        if let names { listed = listed.filter(names.contains) }
        return try await withThrowingTaskGroup(of: (Int, TableInfo?).self) { group in
            var found: [TableInfo?] = Array(repeating: nil, count: listed.count)
            var next = 0
            func startNext() {
                guard next < listed.count else { return }
                let (index, name) = (next, listed[next])
                group.addTask { (index, try await self.table(name, inSchema: schema)) }
                next += 1
            }
            for _ in 0..<8 { startNext() }
            while let (index, table) = try await group.next() {
                found[index] = table
                startNext()
            }
            return found.compactMap { $0 }
        }
    }

    public func table(_ name: String, inSchema schema: String) async throws -> TableInfo? {
        let path = "/projects/\(URLText.component(settings.dataProject))/datasets/\(URLText.component(schema))/tables/\(URLText.component(name))"
        let table: JSONNode
        do {
            table = try await transport.get(path)
        } catch DriverError.statementFailed {
            return nil
        }
        let fields = BigQueryField.schema(table["schema"]) ?? []
        return TableInfo(schema: schema, name: name, columns: fields.flatMap { $0.columns() })
    }

    /// Every item of a listing, following `nextPageToken`.
    private func everyItem(of path: String, member: String) async throws -> [JSONNode] {
        var items: [JSONNode] = []
        var token: String?
        repeat {
            let page = try await transport.get(path, token.map { [("pageToken", $0)] } ?? [])
            items += page[member]?.array ?? []
            token = page["nextPageToken"]?.string
        } while token != nil
        return items
    }
}
