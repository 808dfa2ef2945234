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
