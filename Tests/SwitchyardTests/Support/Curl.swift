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

    /// Ends the client as a user would (Ctrl-C): its connection closes mid-request.
    func stop() async throws {
        process.interrupt()
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
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
