import Foundation
import PostgresNIO

/// Usage:
///   postgres-nio-read SQL
///       runs SQL once and reads every row, taking each cell's bytes as the server's driver
///       does (`makeRandomAccess`, then `[data:]`) without decoding them; prints the row count
///       and the byte count of the cells.
///   postgres-nio-read --tasks N --seconds S SQL
///       runs SQL over and over from N tasks sharing one pool of 8 connections (the server's
///       pool size) for S seconds, reading each result to its end; prints statements per second.
///
/// The server is the one SWITCHYARD_TEST_POSTGRES_{HOST,PORT,USER,PASSWORD,DATABASE} name, over
/// plain TCP, as the test service listens on loopback.
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

/// Statements per second from `tasks` tasks, each running `sql` again as soon as it ends.
func statementRate(_ sql: String, tasks: Int, seconds: Int, with client: PostgresClient) async throws -> Double {
    let start = ContinuousClock.now
    let end = start + .seconds(seconds)
    let count = try await withThrowingTaskGroup(of: Int.self) { group in
        for _ in 0..<tasks {
            group.addTask {
                var done = 0
                while ContinuousClock.now < end {
                    _ = try await readAll(sql, with: client)
                    done += 1
                }
                return done
            }
        }
        return try await group.reduce(0, +)
    }
    let elapsed = (ContinuousClock.now - start).components
    return Double(count) / (Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("postgres-nio-read: \(message)\n".utf8))
    exit(2)
}

func setting(_ name: String) -> String {
    guard let value = ProcessInfo.processInfo.environment["SWITCHYARD_TEST_POSTGRES_\(name)"] else {
        fail("SWITCHYARD_TEST_POSTGRES_\(name) is not set")
    }
    return value
}

var arguments = Array(CommandLine.arguments.dropFirst())
var tasks: Int?
var seconds = 10
while arguments.count > 1, let flag = arguments.first, flag.hasPrefix("--") {
    guard let value = Int(arguments[1]), value > 0 else { fail("\(flag) takes a positive number") }
    switch flag {
    case "--tasks": tasks = value
    case "--seconds": seconds = value
    default: fail("unknown option \(flag)")
    }
    arguments.removeFirst(2)
}
guard arguments.count == 1 else { fail("usage: postgres-nio-read [--tasks N --seconds S] SQL") }
let sql = arguments[0]

guard let port = Int(setting("PORT")) else { fail("SWITCHYARD_TEST_POSTGRES_PORT is not a number") }
var configuration = PostgresClient.Configuration(
    host: setting("HOST"), port: port, username: setting("USER"),
    password: setting("PASSWORD"), database: setting("DATABASE"), tls: .disable)
configuration.options.maximumConnections = 8
let client = PostgresClient(configuration: configuration)
let outcome = await withTaskGroup(of: Void.self, returning: Result<String, any Error>.self) { group in
    group.addTask { await client.run() }
    defer { group.cancelAll() }
    do {
        if let tasks {
            let rate = try await statementRate(sql, tasks: tasks, seconds: seconds, with: client)
            return .success(String(format: "%.0f", rate))
        }
        let counts = try await readAll(sql, with: client)
        return .success("\(counts.rows) \(counts.bytes)")
    } catch {
        return .failure(error)
    }
}
switch outcome {
case .success(let line): print(line)
case .failure(let error): fail(String(reflecting: error))
}
