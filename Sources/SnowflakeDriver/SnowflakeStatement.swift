import Foundation
import HTTPDriverKit
import NIOCore
import Synchronization
import SwitchyardDrivers

/// One statement sent to Snowflake (`query-request`, named by our own request id), followed
/// while Snowflake says it is still running (codes 333333/333334, polled at `getResultUrl`).
/// Cancelling the task — a time limit, a client gone, the server stopping — sends an
/// `abort-request` for it at once and waits for it, briefly, before the caller goes on.
final class SnowflakeStatement: Sendable {
    private let sql: String
    private let requestID = UUID().uuidString.lowercased()
    private let sessions: SessionKeeper
    private let transport: SnowflakeTransport
    private let aborting = Mutex<EventLoopFuture<Void>?>(nil)

    static let stillRunning: Set<String> = ["333333", "333334"]

    init(_ sql: String, sessions: SessionKeeper, transport: SnowflakeTransport) {
        self.sql = sql
        self.sessions = sessions
        self.transport = transport
    }

    /// Runs the statement to its first answer (rows or the description): the reply's `data`.
    func run(describeOnly: Bool = false) async throws -> JSONNode {
        do {
            let data = try await withTaskCancellationHandler {
                try await submit(describeOnly: describeOnly)
            } onCancel: {
                self.abort()
            }
            try Task.checkCancellation()
            return data
        } catch {
            let pending = aborting.withLock { $0 }
            _ = try? await pending?.get()
            if Task.isCancelled { throw CancellationError() }
            throw error
        }
    }

    private func submit(describeOnly: Bool) async throws -> JSONNode {
        var token = try await sessions.token()
        var retried = false
        let body: [String: Any] = [
            "sqlText": sql, "asyncExec": false, "sequenceId": 1, "describeOnly": describeOnly,
            "querySubmissionTime": Int(Date().timeIntervalSince1970 * 1000), "isInternal": false,
        ]
        var reply = try await transport.post("/queries/v1/query-request?requestId=\(requestID)", body: body, token: token)
        while true {
            let code = reply.code ?? ""
            if reply.success, !Self.stillRunning.contains(code), let data = reply.data { return data }
            if SessionKeeper.expiredCodes.contains(code), !retried {
                try await sessions.renew(after: token)
                token = try await sessions.token()
                retried = true
                reply = try await transport.post(
                    "/queries/v1/query-request?requestId=\(requestID)&retryCount=1", body: body, token: token)
                continue
            }
            if Self.stillRunning.contains(code), let next = reply.data?["getResultUrl"]?.string {
                try Task.checkCancellation()
                reply = try await transport.get(next, token: token)
                continue
            }
            throw DriverError.statementFailed(reply.message ?? "Snowflake refused the statement (code \(code))")
        }
    }

    /// Sends the abort once, not tied to the task being cancelled.
    private func abort() {
        guard let token = sessions.cachedToken else { return }
        aborting.withLock { pending in
            guard pending == nil else { return }
            pending = transport.detachedPost(
                "/queries/v1/abort-request?requestId=\(UUID().uuidString.lowercased())",
                body: ["sqlText": sql, "requestId": requestID], token: token)
        }
    }
}
