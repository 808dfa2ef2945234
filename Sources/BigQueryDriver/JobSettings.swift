import Foundation
import SwitchyardCore
import SwitchyardDrivers

/// What every job of a connection carries: where it runs and is billed, and the limits the
/// connection sets on it.
struct JobSettings: Sendable {
    /// The project whose datasets the connection browses.
    let dataProject: String
    /// The project jobs run in (and are billed to).
    let billingProject: String
    let location: String?
    let maximumBytesBilled: String?
    /// Milliseconds after which BigQuery itself stops a job.
    let jobTimeoutMilliseconds: String?

    init(settings: BigQuerySettings, key: ServiceAccountKey) throws(DriverError) {
        guard let project = Self.present(settings.defaultProjectId) ?? Self.present(key.projectID) else {
            throw .connectionFailed("the connection has no defaultProjectId and its key names no project_id")
        }
        dataProject = project
        billingProject = Self.present(settings.billingProjectId) ?? project
        location = Self.present(settings.location)
        maximumBytesBilled = Self.present(settings.maximumBytesBilled)
        jobTimeoutMilliseconds = Self.present(settings.queryTimeoutMilliseconds)
    }

    /// The body of `jobs.insert` for `sql` under the job id `id`.
    func insertBody(_ sql: String, id: String, dryRun: Bool) throws -> Data {
        var reference: [String: Any] = ["projectId": billingProject, "jobId": id]
        reference["location"] = location
        var query: [String: Any] = ["query": sql, "useLegacySql": false]
        query["maximumBytesBilled"] = maximumBytesBilled
        var configuration: [String: Any] = ["query": query, "labels": ["client": "switchyard"]]
        if dryRun { configuration["dryRun"] = true }
        configuration["jobTimeoutMs"] = jobTimeoutMilliseconds
        return try JSONSerialization.data(withJSONObject: ["jobReference": reference, "configuration": configuration])
    }

    /// `location=…` for calls about a job, which BigQuery needs outside the US and EU.
    var locationQuery: [(String, String)] { location.map { [("location", $0)] } ?? [] }

    private static func present(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        return text
    }
}
