import AsyncHTTPClient
import Foundation
import HTTPDriverKit
import NIOCore
import NIOHTTP1
import SwitchyardDrivers

/// Sends BigQuery's REST calls with the service account's bearer token: a token the API
/// refuses (401) is fetched again once; idempotent calls are retried with backoff on a 5xx or
/// a `rateLimitExceeded`, as Google's client libraries do; every other refusal becomes a
/// `DriverError` carrying BigQuery's own message, without secrets.
struct BigQueryTransport: Sendable {
    let service: HTTPService
    let tokens: AccessTokens
    /// `https://bigquery.googleapis.com/bigquery/v2`, or the operator's own endpoint.
    let baseURL: String
    var backoff = Backoff()

    /// Whether a call may be sent again after an answer that says it was not carried out.
    enum Repeat { case safe, never }

    func get(_ path: String, _ query: [(String, String)] = []) async throws -> JSONNode {
        try await send(.GET, path, query, body: nil, repeat: .safe)
    }

    func post(_ path: String, _ query: [(String, String)] = [], body: Data, repeat: Repeat) async throws -> JSONNode {
        try await send(.POST, path, query, body: body, repeat: `repeat`)
    }

    /// Starts a call that is not tied to the calling task (a cancel, sent while that task is
    /// being cancelled) with the token in hand; nil when there is none yet. Its answer is
    /// awaited for 2 s at most: BigQuery acknowledges a cancel at once, but a busy server may
    /// not, and the caller's answer (a 504, a shutdown) must not wait on it.
    func detachedPost(_ path: String, _ query: [(String, String)]) -> EventLoopFuture<Void>? {
        guard let token = tokens.cachedToken,
            let request = try? HTTPClient.Request(
                url: url(path, query), method: .POST, headers: headers(token, json: true), body: .string("{}"))
        else { return nil }
        return service.client.execute(request: request, deadline: .now() + .seconds(2)).map { _ in }
    }

    private func send(
        _ method: HTTPMethod, _ path: String, _ query: [(String, String)], body: Data?, repeat: Repeat
    ) async throws -> JSONNode {
        var attempt = 1
        var renewedToken = false
        while true {
            let token = try await tokens.current()
            var request = HTTPClientRequest(url: url(path, query))
            request.method = method
            request.headers = headers(token, json: body != nil)
            if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
            let answer = try await service.exchange(request)
            if answer.status == .ok {
                guard let json = answer.json else {
                    throw DriverError.connectionFailed("\(service.name) sent an answer that is not JSON")
                }
                return json
            }
            let refusal = Refusal(answer)
            if answer.status == .unauthorized, !renewedToken {
                tokens.discard(token)
                renewedToken = true
                continue
            }
            if `repeat` == .safe, refusal.isTransient, let wait = backoff.delay(afterAttempt: attempt) {
                try await Task.sleep(for: wait)
                attempt += 1
                continue
            }
            if answer.status == .conflict, attempt > 1 { return .object([]) }
            throw refusal.error(scrubbing: service)
        }
    }

    private func url(_ path: String, _ query: [(String, String)]) -> String {
        query.isEmpty ? baseURL + path : baseURL + path + "?" + URLText.query(query)
    }

    private func headers(_ token: String, json: Bool) -> HTTPHeaders {
        var headers = HTTPHeaders([("Authorization", "Bearer \(token)"), ("User-Agent", "switchyard")])
        if json { headers.add(name: "Content-Type", value: "application/json") }
        return headers
    }
}

/// A call BigQuery refused: `{"error": {"code", "message", "errors": [{"reason"}]}}`.
struct Refusal {
    let status: HTTPResponseStatus
    let message: String
    let reason: String?

    init(_ answer: HTTPService.Answer) {
        status = answer.status
        let error = answer.json?["error"]
        reason = error?["errors"]?.array?.first?["reason"]?.string
        message = error?["message"]?.string ?? String(String(buffer: answer.body).prefix(300))
    }

    /// BigQuery did not carry the call out and says another try may succeed.
    var isTransient: Bool {
        status.code >= 500 || reason == "rateLimitExceeded" || reason == "backendError"
    }

    func error(scrubbing service: HTTPService) -> DriverError {
        let detail = service.scrubbed(String(message.prefix(500)))
        switch status {
        case .unauthorized:
            return .connectionFailed("BigQuery refused the service account's token: \(detail)")
        case .badRequest, .forbidden, .notFound, .conflict:
            return .statementFailed(detail.isEmpty ? "BigQuery refused the request (HTTP \(status.code))" : detail)
        default:
            return .connectionFailed("BigQuery answered HTTP \(status.code)" + (detail.isEmpty ? "" : ": \(detail)"))
        }
    }
}
