import AsyncHTTPClient
import Foundation
import HTTPDriverKit
import NIOCore
import NIOHTTP1
import Synchronization
import SwitchyardDrivers

/// Access tokens for one service-account key: a signed assertion is exchanged at the key's
/// `token_uri`, and the token is kept until a minute before it expires, so that a statement
/// costs no extra round trip. A token the API refuses is dropped (`discard`) and fetched again.
final class AccessTokens: Sendable {
    private let key: ServiceAccountKey
    private let service: HTTPService
    private let cached = Mutex<Token?>(nil)

    private struct Token {
        let value: String
        let renewAt: ContinuousClock.Instant
    }

    static let scope = "https://www.googleapis.com/auth/bigquery"

    init(key: ServiceAccountKey, service: HTTPService) {
        self.key = key
        self.service = service
    }

    /// A token that is still good, fetched when none is.
    func current() async throws -> String {
        let now = ContinuousClock.now
        if let token = cached.withLock({ $0 }), token.renewAt > now { return token.value }
        let (value, lifetime) = try await fetch()
        let renewAt = now + .seconds(max(0, lifetime - 60))
        cached.withLock { $0 = Token(value: value, renewAt: renewAt) }
        return value
    }

    /// The token in hand, without fetching one: for calls made where no task can wait.
    var cachedToken: String? { cached.withLock { $0?.value } }

    /// Forgets `token` after the API refused it, unless a newer one has replaced it already.
    func discard(_ token: String) {
        cached.withLock { if $0?.value == token { $0 = nil } }
    }

    private func fetch() async throws -> (String, Int) {
        let assertion: String
        do {
            assertion = try key.assertion(scope: Self.scope)
        } catch {
            throw DriverError.connectionFailed("the service-account key could not sign a token request")
        }
        var request = HTTPClientRequest(url: key.tokenURI)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        let form = "grant_type=" + URLText.component("urn:ietf:params:oauth:grant-type:jwt-bearer")
            + "&assertion=" + URLText.component(assertion)
        request.body = .bytes(ByteBuffer(string: form))
        let answer = try await service.exchange(request)
        let body = answer.json
        guard answer.status == .ok, let token = body?["access_token"]?.string else {
            let reason = [body?["error"]?.string, body?["error_description"]?.string].compactMap { $0 }.joined(separator: ": ")
            let detail = reason.isEmpty ? "HTTP \(answer.status.code)" : String(reason.prefix(300))
            throw DriverError.connectionFailed(service.scrubbed("the token endpoint refused the service account \(key.clientEmail): \(detail)"))
        }
        let lifetime = body?["expires_in"].flatMap(\.integer) ?? 3600
        return (token, lifetime)
    }
}
