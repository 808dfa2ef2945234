import Foundation
import HTTPDriverKit
import Synchronization
import SwitchyardDrivers

/// The connection's one Snowflake session, shared by its statements (a session runs many
/// queries at once, and a temporary table lives in it). Signed in on first use; a session
/// token Snowflake says has expired is renewed with the master token, or, when that is
/// refused too, the session is made anew, without the caller noticing.
final class SessionKeeper: Sendable {
    private let transport: SnowflakeTransport
    private let credential: Credential
    private let current = Mutex<Session?>(nil)

    struct Session: Sendable {
        let token: String
        let masterToken: String?
    }

    /// Codes that mean the session token is no longer good.
    static let expiredCodes: Set<String> = ["390112", "390104", "390111", "390114"]

    init(transport: SnowflakeTransport, credential: Credential) {
        self.transport = transport
        self.credential = credential
    }

    /// The session token in hand, signing in first when there is none.
    func token() async throws -> String {
        if let session = current.withLock({ $0 }) { return session.token }
        let session = try await login()
        current.withLock { $0 = session }
        return session.token
    }

    /// The token in hand, without signing in: for calls made where no task can wait.
    var cachedToken: String? { current.withLock { $0?.token } }

    /// Replaces `token`, which Snowflake refused as expired, unless another call has already.
    func renew(after token: String) async throws {
        guard let session = current.withLock({ $0 }), session.token == token else { return }
        var renewed: Session?
        if let master = session.masterToken {
            let reply = try await transport.post(
                "/session/token-request?requestId=\(UUID().uuidString.lowercased())",
                body: ["oldSessionToken": token, "requestType": "RENEW"], token: master)
            if reply.success, let fresh = reply.data?["sessionToken"]?.string {
                renewed = Session(token: fresh, masterToken: reply.data?["masterToken"]?.string ?? master)
            }
        }
        let next: Session
        if let renewed { next = renewed } else { next = try await login() }
        current.withLock { if $0?.token == token { $0 = next } }
    }

    /// Closes the session on Snowflake's side (its temporary tables go with it).
    func close() async {
        guard let session = current.withLock({ state in defer { state = nil }; return state }) else { return }
        _ = try? await transport.post("/session?delete=true", body: [:], token: session.token)
    }

    private func login() async throws -> Session {
        let endpoint = transport.endpoint
        var data: [String: Any] = [
            "ACCOUNT_NAME": endpoint.accountName, "LOGIN_NAME": endpoint.user, "CLIENT_APP_ID": "Switchyard",
            "CLIENT_APP_VERSION": "1.0", "SESSION_PARAMETERS": ["QUERY_TAG": "switchyard"],
        ]
        data.merge(try credential.loginFields(account: endpoint.accountName, user: endpoint.user)) { $1 }
        let reply = try await transport.post(endpoint.loginPath, body: ["data": data], token: nil)
        guard reply.success, let token = reply.data?["token"]?.string else {
            let code = reply.code.map { " (\($0))" } ?? ""
            throw DriverError.connectionFailed("Snowflake refused the login\(code): \(reply.message ?? "no reason given")")
        }
        return Session(token: token, masterToken: reply.data?["masterToken"]?.string)
    }
}
