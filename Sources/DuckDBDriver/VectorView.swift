import CDuckDB

/// One vector of a data chunk, with the vectors of its children (a list's elements, a struct's
/// fields) looked up once per chunk rather than once per value.
struct VectorView {
    let data: UnsafeMutableRawPointer?
    let validity: UnsafeMutablePointer<UInt64>?
    let children: [VectorView]

    init(_ vector: OpaquePointer?, reader: VectorReader) {
        data = cduckdb_vector_get_data(vector)
        validity = cduckdb_vector_get_validity(vector)
        switch reader {
        case .list(let element):
            children = [VectorView(cduckdb_list_vector_get_child(vector), reader: element)]
        case .map(let key, let value):
            // A map is a list of {key, value} structs.
            let entry = VectorReader.structure([.init(name: "key", reader: key), .init(name: "value", reader: value)])
            children = [VectorView(cduckdb_list_vector_get_child(vector), reader: entry)]
        case .array(let element, _):
            children = [VectorView(cduckdb_array_vector_get_child(vector), reader: element)]
        case .structure(let fields):
            children = fields.indices.map { VectorView(cduckdb_struct_vector_get_child(vector, idx_t($0)), reader: fields[$0].reader) }
        case .union(let members):
            // A union is a struct whose first field is the tag naming the member that is set.
            let fields = [VectorReader.unsigned(bytes: 1)] + members.map(\.reader)
            children = fields.indices.map { VectorView(cduckdb_struct_vector_get_child(vector, idx_t($0)), reader: fields[$0]) }
        default:
            children = []
        }
    }

    func isValid(_ row: Int) -> Bool {
        cduckdb_row_is_valid(validity, idx_t(row))
    }

    /// The element rows of the list at `row`.
    func listEntry(_ row: Int) -> Range<Int> {
        guard let data else { return 0..<0 }
        let base = row * MemoryLayout<duckdb_list_entry>.stride
        let offset = Int(data.load(fromByteOffset: base, as: UInt64.self))
        let length = Int(data.load(fromByteOffset: base + 8, as: UInt64.self))
        return offset..<(offset + length)
    }
}
