extension [TableInfo] {
    /// Adds `column` to the last table when it is `table`, else starts that table: how
    /// catalogue rows ordered by table and position become tables with their columns.
    public mutating func append(column: ColumnInfo, ofTable table: String, inSchema schema: String) {
        if last?.name == table {
            self[count - 1].columns.append(column)
        } else {
            append(TableInfo(schema: schema, name: table, columns: [column]))
        }
    }
}
