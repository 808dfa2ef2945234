import HTTPDriverKit

/// One answer of the statement protocol: the first `POST` or a `GET` of a `nextUri`. Columns
/// arrive on some page (not necessarily the first), rows on any page after them, and a page
/// may carry neither.
struct StatementPage: Sendable {
    let nextURI: String?
    let columns: [TrinoColumn]?
    /// Each row as Trino's positional array.
    let rows: [[JSONNode]]
    let failure: TrinoFailure?
    let updateType: String?

    init(_ body: JSONNode) {
        nextURI = body["nextUri"]?.string
        columns = body["columns"]?.array?.compactMap(TrinoColumn.init)
        rows = body["data"]?.array?.map { $0.array ?? [] } ?? []
        failure = body["error"].flatMap { node in
            if case .null = node { return nil }
            return TrinoFailure(node)
        }
        updateType = body["updateType"]?.string
    }
}
