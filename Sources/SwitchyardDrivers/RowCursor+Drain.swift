extension RowCursor {
    /// Reads the cursor to its end, dropping the rows, and closes it (also when reading
    /// fails): for statements run for their effect (DDL, materialising a table).
    public func drain() async throws {
        do {
            while try await next() != nil {}
        } catch {
            await close()
            throw error
        }
        await close()
    }
}

extension RowCursor {
    /// Every row, in order, and the cursor closed: for results known to be short (catalogue
    /// queries, DDL, a test).
    public func allRows() async throws -> [[SQLValue]] {
        var rows: [[SQLValue]] = []
        do {
            while let batch = try await next() { rows += batch }
        } catch {
            await close()
            throw error
        }
        await close()
        return rows
    }
}

extension DatabaseDriver {
    /// Every row of a short statement.
    public func allRows(of sql: String) async throws -> [[SQLValue]] {
        try await query(sql).allRows()
    }

    /// A connection test that runs `sql` to its end: a statement the service refuses here
    /// means the connection does not work (bad credentials, no such catalog or project).
    public func testByRunning(_ sql: String) async throws {
        do {
            _ = try await allRows(of: sql)
        } catch DriverError.statementFailed(let message) {
            throw DriverError.connectionFailed(message)
        }
    }
}
