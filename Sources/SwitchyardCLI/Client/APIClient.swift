import AsyncHTTPClient
import Foundation
import HTTPDriverKit
import NIOCore
import NIOHTTP1

/// The server's `/api/v0` as the command-line client uses it: JSON in, JSON out, the token on
/// every request, and any answer that is not a success turned into an `APIFailure` carrying
/// the server's own message.
struct APIClient: Sendable {
    let base: String
    let token: String
    let http: HTTPClient

    /// Runs `body` with a client for the server `options` name, shutting it down afterwards.
    @discardableResult
    static func with<T: Sendable>(_ options: ClientOptions, _ body: (APIClient) async throws -> T) async throws -> T {
        let (base, token) = try options.server()
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        do {
            let result = try await body(APIClient(base: base, token: token, http: http))
            try await http.shutdown()
            return result
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    /// `/api/v0/projects/a b` with each name percent-encoded.
    static func path(_ components: String...) -> String {
        "/api/v0/" + components.map(escaped).joined(separator: "/")
    }

    /// One path segment, percent-encoded.
    static func escaped(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? segment
    }

    @discardableResult func get(_ path: String) async throws -> [UInt8] { try await send(.GET, path) }
    @discardableResult func post(_ path: String, json: Data? = nil) async throws -> [UInt8] { try await send(.POST, path, json: json) }
    @discardableResult func patch(_ path: String, json: Data) async throws -> [UInt8] { try await send(.PATCH, path, json: json) }
    @discardableResult func delete(_ path: String) async throws -> [UInt8] { try await send(.DELETE, path) }

    /// Sends one request and returns the whole answer's body; a failure status throws.
    private func send(_ method: HTTPMethod, _ path: String, json: Data? = nil) async throws -> [UInt8] {
        let response = try await execute(method, path, json: json, accept: "application/json")
        let body = try await response.body.collect(upTo: 256 << 20)
        try Self.check(response.status, body: Array(buffer: body))
        return Array(buffer: body)
    }

    /// Sends `json` to `path` and hands each line of the streamed answer to `line` as it arrives.
    func streamLines(_ path: String, json: Data, accept: String, _ line: (ArraySlice<UInt8>) async throws -> Void) async throws {
        let response = try await execute(.POST, path, json: json, accept: accept)
        guard (200..<300).contains(response.status.code) else {
            let body = try await response.body.collect(upTo: 1 << 20)
            try Self.check(response.status, body: Array(buffer: body))
            return
        }
        var pending: [UInt8] = []
        for try await chunk in response.body {
            pending.append(contentsOf: chunk.readableBytesView)
            var start = 0
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                try await line(pending[start..<newline])
                start = newline + 1
            }
            pending.removeFirst(start)
        }
        if !pending.isEmpty { try await line(pending[...]) }
    }

    private func execute(_ method: HTTPMethod, _ path: String, json: Data?, accept: String) async throws -> HTTPClientResponse {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Accept", value: accept)
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: json))
        }
        do {
            return try await http.execute(request, timeout: .hours(24))
        } catch let error as HTTPClientError {
            throw APIFailure(status: nil, message: "cannot reach \(base): \(error)")
        }
    }

    private static func check(_ status: HTTPResponseStatus, body: [UInt8]) throws {
        guard !(200..<300).contains(status.code) else { return }
        let message = (try? JSONNodeParser.parse(body))?["message"]?.string ?? String(decoding: body.prefix(500), as: UTF8.self)
        throw APIFailure(status: Int(status.code), message: message)
    }
}

/// What the server refused, in its own words.
struct APIFailure: Error, CustomStringConvertible {
    let status: Int?
    let message: String

    var description: String { status.map { "\(message) (HTTP \($0))" } ?? message }
}
