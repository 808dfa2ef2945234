import AsyncHTTPClient
import Foundation
import HTTPDriverKit
import NIOCore
import NIOHTTP1
import SwitchyardDrivers

/// Sends Snowflake's REST calls. Snowflake answers most refusals with HTTP 200 and
/// `{"success": false, "code", "message"}`; `Reply` keeps both shapes in one form.
struct SnowflakeTransport: Sendable {
    let service: HTTPService
    let endpoint: SnowflakeEndpoint

    /// An answer of Snowflake's: `data` when it succeeded, else its code and message.
    struct Reply: Sendable {
        let success: Bool
        let code: String?
        let message: String?
        let data: JSONNode?
    }

    /// POSTs `body` (JSON) to `path` (with its query) under `token` (a session or master token).
    func post(_ path: String, body: [String: Any], token: String?) async throws -> Reply {
        var request = HTTPClientRequest(url: endpoint.baseURL + path)
        request.method = .POST
        request.headers = headers(token)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        return try await send(request)
    }

    /// GETs `path` (a `getResultUrl` to poll) under `token`.
    func get(_ path: String, token: String) async throws -> Reply {
        var request = HTTPClientRequest(url: endpoint.baseURL + path)
        request.headers = headers(token)
        return try await send(request)
    }

    /// Starts a POST not tied to the calling task (an abort, sent while that task is being
    /// cancelled); its answer is awaited for 2 s at most.
    func detachedPost(_ path: String, body: [String: Any], token: String) -> EventLoopFuture<Void>? {
        guard let data = try? JSONSerialization.data(withJSONObject: body),
            let request = try? HTTPClient.Request(
                url: endpoint.baseURL + path, method: .POST,
                headers: headers(token).adding([("Content-Type", "application/json")]), body: .data(data))
        else { return nil }
        return service.client.execute(request: request, deadline: .now() + .seconds(2)).map { _ in }
    }

    /// The bytes of a result chunk, fetched from where Snowflake stored it with the headers it
    /// gave (they carry the chunk's encryption key).
    func chunk(_ url: String, headers extra: [(String, String)]) async throws -> [UInt8] {
        var request = HTTPClientRequest(url: url)
        request.headers = HTTPHeaders(extra)
        let answer = try await service.exchange(request)
        guard answer.status == .ok else {
            throw DriverError.connectionFailed("a result chunk could not be fetched (HTTP \(answer.status.code))")
        }
        return Array(answer.body.readableBytesView)
    }

    private func send(_ request: HTTPClientRequest) async throws -> Reply {
        let answer = try await service.exchange(request)
        let json = answer.json
        guard let json, case .object = json else {
            throw DriverError.connectionFailed("Snowflake answered HTTP \(answer.status.code) without a JSON body")
        }
        let success: Bool
        if case .bool(let flag)? = json["success"] { success = flag } else { success = answer.status == .ok }
        return Reply(
            success: success, code: json["code"]?.string ?? json["code"].map(\.text),
            message: json["message"]?.string.map(service.scrubbed), data: json["data"])
    }

    private func headers(_ token: String?) -> HTTPHeaders {
        var headers = HTTPHeaders([("Accept", "application/snowflake"), ("User-Agent", "switchyard")])
        if let token { headers.add(name: "Authorization", value: "Snowflake Token=\"\(token)\"") }
        return headers
    }
}

extension HTTPHeaders {
    fileprivate func adding(_ pairs: [(String, String)]) -> HTTPHeaders {
        var copy = self
        copy.add(contentsOf: pairs)
        return copy
    }
}
