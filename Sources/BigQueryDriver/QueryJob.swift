import Foundation
import HTTPDriverKit
import NIOCore
import Synchronization
import SwitchyardDrivers

/// One query job, named by Switchyard before it is submitted (`jobs.insert` with our own job
/// id), so that it can be cancelled at any moment — even while the insert itself is still in
/// flight. Whatever stops the reading before the job is complete (the task is cancelled: time
/// limit, client gone, server stopping; a request fails; the cursor is closed early), a
/// `jobs.cancel` is sent and awaited before the caller goes on.
final class QueryJob: Sendable {
    let id: String
    private let transport: BigQueryTransport
    private let settings: JobSettings
    private let state = Mutex(State())

    private struct State {
        /// BigQuery has said the job is complete, or it has been cancelled.
        var finished = false
        var cancelling: EventLoopFuture<Void>?
    }

    /// A page of the result.
    struct Page: Sendable {
        let schema: [BigQueryField]
        let rows: [JSONNode]
        let pageToken: String?
    }

    init(transport: BigQueryTransport, settings: JobSettings) {
        id = "switchyard_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        self.transport = transport
        self.settings = settings
    }

    private var jobPath: String { "/projects/\(settings.billingProject)/jobs" }

    /// Submits `sql`; a job that BigQuery refuses at once throws its error.
    func submit(_ sql: String) async throws {
        let body = try settings.insertBody(sql, id: id, dryRun: false)
        let job = try await guarded { try await self.transport.post(self.jobPath, body: body, repeat: .safe) }
        if let failure = failure(in: job["status"]) {
            state.withLock { $0.finished = true }
            throw failure
        }
    }

    /// A dry run of `sql`: its result's schema, at no cost.
    func dryRunSchema(_ sql: String) async throws -> [BigQueryField] {
        let body = try settings.insertBody(sql, id: id, dryRun: true)
        let job = try await transport.post(jobPath, body: body, repeat: .safe)
        if let failure = failure(in: job["status"]) { throw failure }
        return BigQueryField.schema(job["statistics"]?["query"]?["schema"]) ?? []
    }

    /// The page after `token` (the first without one), waiting for the job to complete.
    func page(after token: String?, maxRows: Int) async throws -> Page {
        var query = settings.locationQuery + [
            ("maxResults", String(maxRows)), ("timeoutMs", "10000"), ("formatOptions.useInt64Timestamp", "true"),
        ]
        if let token { query.append(("pageToken", token)) }
        let path = "/projects/\(settings.billingProject)/queries/\(id)"
        while true {
            let answer = try await guarded { [query] in try await self.transport.get(path, query) }
            if let errors = answer["errors"]?.array, let first = errors.first, answer["rows"]?.array?.isEmpty ?? true {
                state.withLock { $0.finished = true }
                throw DriverError.statementFailed(transport.service.scrubbed(first["message"]?.string ?? "the query failed"))
            }
            guard case .bool(true)? = answer["jobComplete"] else { continue }
            state.withLock { $0.finished = true }
            return Page(
                schema: BigQueryField.schema(answer["schema"]) ?? [], rows: answer["rows"]?.array ?? [],
                pageToken: answer["pageToken"]?.string)
        }
    }

    /// Cancels the job unless it has finished, and waits for BigQuery's answer.
    func close() async {
        cancel()
        let pending = state.withLock { $0.cancelling }
        _ = try? await pending?.get()
    }

    /// Runs a call of this job; cancelling the task sends `jobs.cancel` without waiting, and
    /// any failure but BigQuery's refusal cancels the job before it is thrown.
    private func guarded<T: Sendable>(_ call: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            let result = try await withTaskCancellationHandler(operation: call, onCancel: { self.cancel() })
            try Task.checkCancellation()
            return result
        } catch DriverError.statementFailed(let message) {
            // BigQuery refused the call: there is no job left running to cancel.
            state.withLock { $0.finished = true }
            throw DriverError.statementFailed(message)
        } catch {
            await close()
            if Task.isCancelled { throw CancellationError() }
            throw error
        }
    }

    private func cancel() {
        state.withLock { state in
            guard !state.finished, state.cancelling == nil else { return }
            state.finished = true
            state.cancelling = transport.detachedPost("\(jobPath)/\(id)/cancel", settings.locationQuery)
        }
    }

    /// The error of a job's `status`, if it failed.
    private func failure(in status: JSONNode?) -> DriverError? {
        guard let result = status?["errorResult"], result != .null else { return nil }
        return .statementFailed(transport.service.scrubbed(result["message"]?.string ?? "the query failed"))
    }
}
