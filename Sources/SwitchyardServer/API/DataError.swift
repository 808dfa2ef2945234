/// Outcomes of browsing that are the client's to fix.
enum DataError: Error, Equatable {
    case tableNotFound(schema: String, table: String)

    var message: String {
        switch self {
        case .tableNotFound(let schema, let table): "table \(table) does not exist in schema \(schema)"
        }
    }
}
