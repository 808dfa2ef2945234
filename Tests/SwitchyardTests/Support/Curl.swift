import Foundation
import TestProcesses
import Testing

/// A client in another process that gives up after a while, closing its connection: the only
/// honest way to test what the server does when a client leaves mid-statement.
struct Curl {
    let process: ChildProcess

    static func start(port: Int, path: String, json: String, maxSeconds: Int = 60, accept: String = "application/json") throws -> Curl {
        Curl(process: try ChildProcess("/usr/bin/curl", [
            "-s", "-o", "/dev/null", "--max-time", "\(maxSeconds)", "-X", "POST",
            "-H", "Authorization: Bearer \(TestServer.token)", "-H", "Content-Type: application/json",
            "-H", "Accept: \(accept)", "--data", json, "http://127.0.0.1:\(port)\(path)",
        ]))
    }

    /// Runs curl with `arguments` to its end and returns what it wrote to standard output.
    static func output(_ arguments: [String]) async throws -> String {
        try await ChildProcess.output("/usr/bin/curl", arguments)
    }

    /// GETs `paths` one after another in one curl run, which reuses a kept-alive connection;
    /// returns how many new connections each request needed.
    static func connectionsUsed(port: Int, paths: [String]) async throws -> [Int] {
        var arguments = ["-s", "--max-time", "30", "-H", "Authorization: Bearer \(TestServer.token)"]
        for path in paths {
            arguments += ["-o", "/dev/null", "-w", "%{num_connects}\\n", "http://127.0.0.1:\(port)\(path)"]
        }
        return try await output(arguments).split(separator: "\n").compactMap { Int($0) }
    }

    /// POSTs the file at `bodyFile` without `Expect: 100-continue`, as most clients do, and
    /// returns the status code curl saw (0 when it saw none within `maxSeconds`).
    static func postFile(port: Int, path: String, bodyFile: String, maxSeconds: Int) async throws -> Int {
        Int(try await output([
            "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "\(maxSeconds)", "-H", "Expect:",
            "-H", "Authorization: Bearer \(TestServer.token)", "-H", "Content-Type: application/json",
            "--data-binary", "@\(bodyFile)", "http://127.0.0.1:\(port)\(path)",
        ])) ?? 0
    }

    /// POSTs `json` and returns the answer's body ("" when curl got none).
    static func post(port: Int, path: String, json: String) async throws -> String {
        try await output([
            "-s", "--max-time", "10", "-H", "Authorization: Bearer \(TestServer.token)", "-H", "Content-Type: application/json",
            "--data", json, "http://127.0.0.1:\(port)\(path)",
        ])
    }

    /// Ends the client abruptly, its connection closing mid-request.
    func stop() async throws {
        process.kill(SIGKILL)
        _ = await process.wait()
    }
}

/// Asks `probe` until it answers `expected` or `limit` passes; returns the last answer.
func poll<T: Equatable>(
    every interval: Duration = .milliseconds(100), for limit: Duration, until expected: T, _ probe: () async throws -> T
) async throws -> T {
    let deadline = ContinuousClock.now + limit
    var answer = try await probe()
    while answer != expected, ContinuousClock.now < deadline {
        try await Task.sleep(for: interval)
        answer = try await probe()
    }
    return answer
}
