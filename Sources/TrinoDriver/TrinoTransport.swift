import AsyncHTTPClient
import Foundation
import HTTPDriverKit
import NIOCore
import NIOHTTP1
import SwitchyardDrivers

/// Sends the statement protocol's requests over the server's shared `HTTPClient`: each with
/// its own deadline, retried only where the protocol allows (`RetryPolicy`), and every
/// failure turned into a `DriverError` whose message holds no secret.
struct TrinoTransport: Sendable {
    let endpoint: TrinoEndpoint
    let retry: RetryPolicy
    /// Requests have their own deadline: Trino answers a page within about a second even
    /// while the statement keeps running. Its pages are a few megabytes.
    let service: HTTPService

    var client: HTTPClient { service.client }

    /// A page and the response headers that may change the session.
    struct Answer: Sendable {
        let page: StatementPage
        let headers: HTTPHeaders
    }

    func post(_ sql: String, in session: TrinoSession) async throws -> Answer {
        try await send(.POST, endpoint.statementURL, body: sql, in: session)
    }

    func get(_ uri: String, in session: TrinoSession) async throws -> Answer {
        try await send(.GET, uri, body: nil, in: session)
    }

    /// Starts the `DELETE` that cancels a statement. It is not tied to the calling task,
    /// which is usually being cancelled itself: the caller awaits the returned future.
    func cancel(_ uri: String, in session: TrinoSession) -> EventLoopFuture<Void> {
        guard let request = try? HTTPClient.Request(url: uri, method: .DELETE, headers: endpoint.headers(in: session)) else {
            return client.eventLoopGroup.next().makeSucceededVoidFuture()
        }
        return client.execute(request: request, deadline: .now() + .seconds(5)).map { _ in }
    }

    private func send(_ method: HTTPMethod, _ url: String, body: String?, in session: TrinoSession) async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers = endpoint.headers(in: session)
        if let body {
            request.headers.replaceOrAdd(name: "Content-Type", value: "text/plain; charset=utf-8")
            request.body = .bytes(ByteBuffer(string: body))
        }
        var attempt = 1
        while true {
            let answer = try await service.exchange(request)
            if answer.status == .ok {
                return Answer(page: try page(from: answer.body), headers: answer.headers)
            }
            let announced = answer.headers.first(name: "Retry-After")
            guard let wait = retry.delay(afterAttempt: attempt, status: answer.status.code, retryAfter: announced) else {
                throw failure(answer.status, answer.body)
            }
            try await Task.sleep(for: wait)
            attempt += 1
        }
    }

    private func page(from bytes: ByteBuffer) throws -> StatementPage {
        do {
            return StatementPage(try JSONNodeParser.parse(Array(bytes.readableBytesView)))
        } catch {
            throw DriverError.connectionFailed("\(service.name) sent an answer that is not JSON")
        }
    }

    /// A refused request: a bad request is the statement's fault, the rest the server's.
    private func failure(_ status: HTTPResponseStatus, _ bytes: ByteBuffer) -> DriverError {
        let body = String(buffer: bytes)
        let parsed = try? JSONNodeParser.parse(Array(body.utf8))
        let detail = scrubbed(String((parsed?["message"]?.string ?? body).prefix(500)))
        switch status {
        case .unauthorized, .forbidden:
            return .connectionFailed("Trino refused the credentials (HTTP \(status.code))" + (detail.isEmpty ? "" : ": \(detail)"))
        case .badRequest:
            return .statementFailed(detail.isEmpty ? "Trino refused the request" : detail)
        default:
            return .connectionFailed("Trino answered HTTP \(status.code)" + (detail.isEmpty ? "" : ": \(detail)"))
        }
    }

    private func scrubbed(_ message: String) -> String {
        service.scrubbed(message)
    }
}
