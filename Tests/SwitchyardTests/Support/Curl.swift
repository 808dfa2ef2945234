import Foundation
import Testing

/// A client in another process that gives up after a while, closing its connection: the only
/// honest way to test what the server does when a client leaves mid-statement.
struct Curl {
    let process: Process

    static func start(port: Int, path: String, json: String, maxSeconds: Int = 60, accept: String = "application/json") throws -> Curl {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = [
            "-s", "-o", "/dev/null", "--max-time", "\(maxSeconds)", "-X", "POST",
            "-H", "Authorization: Bearer \(TestServer.token)", "-H", "Content-Type: application/json",
            "-H", "Accept: \(accept)", "--data", json, "http://127.0.0.1:\(port)\(path)",
        ]
        try process.run()
        return Curl(process: process)
    }

    /// Runs curl with `arguments` to its end and returns what it wrote to standard output.
    /// The wait happens off Swift's cooperative threads: a test that blocked one while the
    /// server under test runs in the same process could starve that server.
    static func output(_ arguments: [String]) async throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("switchyard-curl-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: file.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: file) }
        let handle = try FileHandle(forWritingTo: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = arguments
        process.standardOutput = handle
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            process.terminationHandler = { _ in done.resume() }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                done.resume()
            }
        }
        try handle.close()
        return String(decoding: try Data(contentsOf: file), as: UTF8.self)
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

    /// Ends the client abruptly, its connection closing mid-request. SIGKILL, because a child
    /// inherits its parent's ignored and blocked signals: started from a background job of a
    /// non-interactive shell, or from a test runner that blocks signals, curl would not end on
    /// SIGINT or SIGTERM, and the test would wait for the answer instead.
    func stop() async throws {
        kill(process.processIdentifier, SIGKILL)
        let deadline = ContinuousClock.now + .seconds(5)
        while process.isRunning {
            try #require(ContinuousClock.now < deadline, "curl did not stop")
            try await Task.sleep(for: .milliseconds(20))
        }
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
