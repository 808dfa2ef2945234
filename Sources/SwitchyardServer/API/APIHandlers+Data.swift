import Foundation
import OpenAPIRuntime
import SwitchyardAPI
import SwitchyardCore
import SwitchyardDrivers

/// Tests, catalogue browsing and statements, through each connection's driver.
extension APIHandlers {
    func testConnectionConfig(_ input: Operations.TestConnectionConfig.Input) async throws -> Operations.TestConnectionConfig.Output {
        guard case .json(let body) = input.body else { throw SwitchyardError.invalidField("body", "is required") }
        let config = try body.config()
        try config.validate()
        return .ok(.init(body: .json(.init(try await queries.test(config: config)))))
    }

    func testConnection(_ input: Operations.TestConnection.Input) async throws -> Operations.TestConnection.Output {
        let result = try await queries.test(project: input.path.projectName, connection: input.path.connectionName)
        return .ok(.init(body: .json(.init(result))))
    }

    func listSchemas(_ input: Operations.ListSchemas.Input) async throws -> Operations.ListSchemas.Output {
        let schemas = try await queries.run(
            project: input.path.projectName, connection: input.path.connectionName) { try await $0.schemas() }
        return .ok(.init(body: .json(schemas.map {
            .init(name: $0.name, description: $0.description, isDefault: $0.isDefault, isHidden: $0.isHidden)
        })))
    }

    func listTables(_ input: Operations.ListTables.Input) async throws -> Operations.ListTables.Output {
        let (schema, names) = (input.path.schemaName, input.query.tableNames)
        let tables = try await queries.run(
            project: input.path.projectName, connection: input.path.connectionName
        ) { try await $0.tables(inSchema: schema, named: names) }
        return .ok(.init(body: .json(try tables.map(Components.Schemas.Table.init))))
    }

    func getTable(_ input: Operations.GetTable.Input) async throws -> Operations.GetTable.Output {
        let (schema, name) = (input.path.schemaName, input.path.tablePath)
        let table = try await queries.run(
            project: input.path.projectName, connection: input.path.connectionName
        ) { try await $0.table(name, inSchema: schema) }
        guard let table else { throw DataError.tableNotFound(schema: schema, table: name) }
        return .ok(.init(body: .json(try .init(table))))
    }

    func runQuery(_ input: Operations.RunQuery.Input) async throws -> Operations.RunQuery.Output {
        guard case .json(let body) = input.body else { throw SwitchyardError.invalidField("body", "is required") }
        let (project, connection) = (input.path.projectName, input.path.connectionName)
        if let format = Self.streamFormat(input.headers.accept) {
            let stream = try await queries.stream(project: project, connection: connection, sql: body.sqlStatement, format: format)
            let rows = HTTPBody(stream, length: .unknown, iterationBehavior: .single)
            switch format {
            case .ndjson: return .ok(.init(body: .applicationXNdjson(rows)))
            case .csv: return .ok(.init(body: .csv(rows)))
            case .arrow: return .ok(.init(body: .applicationVnd_apache_arrow_stream(rows)))
            }
        }
        return .ok(.init(body: .json(try await queryData(project: project, connection: connection, sql: body.sqlStatement))))
    }

    func getQueryData(_ input: Operations.GetQueryData.Input) async throws -> Operations.GetQueryData.Output {
        let data = try await queryData(
            project: input.path.projectName, connection: input.path.connectionName, sql: input.query.sqlStatement)
        return .ok(.init(body: .json(data)))
    }

    func describeQuery(_ input: Operations.DescribeQuery.Input) async throws -> Operations.DescribeQuery.Output {
        guard case .json(let body) = input.body else { throw SwitchyardError.invalidField("body", "is required") }
        return .ok(.init(body: .json(try await sqlSource(
            project: input.path.projectName, connection: input.path.connectionName, sql: body.sqlStatement))))
    }

    func getSqlSource(_ input: Operations.GetSqlSource.Input) async throws -> Operations.GetSqlSource.Output {
        .ok(.init(body: .json(try await sqlSource(
            project: input.path.projectName, connection: input.path.connectionName, sql: input.query.sqlStatement))))
    }

    func createTemporaryTable(_ input: Operations.CreateTemporaryTable.Input) async throws -> Operations.CreateTemporaryTable.Output {
        guard case .json(let body) = input.body else { throw SwitchyardError.invalidField("body", "is required") }
        return .ok(.init(body: .json(try await temporaryTable(
            project: input.path.projectName, connection: input.path.connectionName, sql: body.sqlStatement))))
    }

    func getTemporaryTable(_ input: Operations.GetTemporaryTable.Input) async throws -> Operations.GetTemporaryTable.Output {
        .ok(.init(body: .json(try await temporaryTable(
            project: input.path.projectName, connection: input.path.connectionName, sql: input.query.sqlStatement))))
    }

    // MARK: Shared by the current and deprecated forms

    private func queryData(project: String, connection: String, sql: String) async throws -> Components.Schemas.QueryData {
        let result = try await queries.collect(project: project, connection: connection, sql: sql)
        return .init(
            resource: Self.resource(project, connection, "sqlQuery"),
            data: #"{"rows":\#(result.rowsJSON),"totalRows":\#(result.totalRows)}"#,
            columns: result.columns.map(Components.Schemas.Column.init))
    }

    private func sqlSource(project: String, connection: String, sql: String) async throws -> Components.Schemas.SqlSource {
        let columns = try await queries.run(project: project, connection: connection) { try await $0.describe(sql) }
        return .init(
            resource: Self.resource(project, connection, "sqlSource"),
            source: try Self.jsonText(["columns": columns.map(Components.Schemas.Column.init)]))
    }

    private func temporaryTable(project: String, connection: String, sql: String) async throws -> Components.Schemas.TemporaryTable {
        let table = try await queries.run(project: project, connection: connection) {
            try await $0.createTemporaryTable(from: sql)
        }
        return .init(resource: Self.resource(project, connection, "sqlTemporaryTable"), table: table)
    }

    /// Streams only when the client asked for NDJSON over JSON: a request without `Accept`
    /// (which the generated code reads as "anything") gets the platform's JSON answer.
    /// The stream format the client prefers to JSON, if any: the highest quality wins, JSON on a tie.
    static func streamFormat(_ accept: [AcceptHeaderContentType<Operations.RunQuery.AcceptableContentType>]) -> StreamFormat? {
        func quality(_ type: Operations.RunQuery.AcceptableContentType) -> Double {
            accept.filter { $0.contentType == type }.map(\.quality.doubleValue).max() ?? 0
        }
        let candidates: [(StreamFormat, Operations.RunQuery.AcceptableContentType)] = [
            (.ndjson, .applicationXNdjson), (.csv, .csv), (.arrow, .applicationVnd_apache_arrow_stream),
        ]
        guard let best = candidates.max(by: { quality($0.1) < quality($1.1) }), quality(best.1) > quality(.json) else { return nil }
        return best.0
    }

    static func resource(_ project: String, _ connection: String, _ leaf: String) -> String {
        "/api/v0/projects/\(project)/connections/\(connection)/\(leaf)"
    }

    static func jsonText(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

extension Components.Schemas.ConnectionStatus {
    init(_ result: ConnectionTestResult) {
        switch result {
        case .ok: self.init(status: .ok)
        case .failed(let message): self.init(status: .failed, errorMessage: message)
        }
    }
}

extension Components.Schemas.Column {
    init(_ column: ColumnInfo) { self.init(name: column.name, _type: column.type) }
}

extension Components.Schemas.Table {
    init(_ table: TableInfo) throws {
        let columns = table.columns.map(Components.Schemas.Column.init)
        self.init(
            resource: "\(table.schema).\(table.name)",
            source: try APIHandlers.jsonText(TableSource(name: table.name, schema: table.schema, columns: columns)),
            columns: columns)
    }

    private struct TableSource: Encodable {
        let name: String
        let schema: String
        let columns: [Components.Schemas.Column]
    }
}
