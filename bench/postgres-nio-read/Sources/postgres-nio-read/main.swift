import Foundation
import PostgresNIO

/// Usage: postgres-nio-read SQL
///
/// Runs SQL once through a `PostgresClient` on the PostgreSQL server that
/// SWITCHYARD_TEST_POSTGRES_{HOST,PORT,USER,PASSWORD,DATABASE} name (plain TCP, as the test
/// service listens on loopback) and reads every row, taking each cell's bytes as the server's
/// driver does (`makeRandomAccess`, then `[data:]`), without decoding them. Prints the row
/// count and the byte count of the cells to stdout.
@concurrent
func readAll(_ sql: String, with client: PostgresClient) async throws -> (rows: Int, bytes: Int) {
    var rows = 0
    var bytes = 0
    for try await row in try await client.query(PostgresQuery(unsafeSQL: sql)) {
        let cells = row.makeRandomAccess()
        for index in cells.indices { bytes += cells[data: index].value?.readableBytes ?? 0 }
        rows += 1
    }
    return (rows, bytes)
}

func setting(_ name: String) -> String {
    guard let value = ProcessInfo.processInfo.environment["SWITCHYARD_TEST_POSTGRES_\(name)"] else {
        FileHandle.standardError.write(Data("postgres-nio-read: SWITCHYARD_TEST_POSTGRES_\(name) is not set\n".utf8))
        exit(2)
    }
    return value
}

guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: postgres-nio-read SQL\n".utf8))
    exit(2)
}
let client = PostgresClient(configuration: .init(
    host: setting("HOST"), port: Int(setting("PORT")) ?? 5432, username: setting("USER"),
    password: setting("PASSWORD"), database: setting("DATABASE"), tls: .disable))
let outcome = await withTaskGroup(of: Void.self, returning: Result<(rows: Int, bytes: Int), any Error>.self) { group in
    group.addTask { await client.run() }
    defer { group.cancelAll() }
    do { return .success(try await readAll(CommandLine.arguments[1], with: client)) } catch { return .failure(error) }
}
switch outcome {
case .success(let counts): print(counts.rows, counts.bytes)
case .failure(let error):
    FileHandle.standardError.write(Data("postgres-nio-read: \(String(reflecting: error))\n".utf8))
    exit(1)
}
