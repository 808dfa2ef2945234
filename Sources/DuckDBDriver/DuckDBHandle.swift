import Foundation
import SwitchyardDrivers

/// A DuckDB handle (database or connection) carried between threads. DuckDB's objects may be
/// used from any thread, but not from two at once; which thread may use one is decided by the
/// connection pool (a connection is leased to one borrower) and by the cursor's state machine.
/// This is the one place that vouches for that.
struct DuckDBHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// A failure DuckDB reported, with its message as written: not yet scrubbed of secrets, so it
/// never leaves the module without going through `ErrorMapper`.
struct DuckDBFailure: Error {
    let message: String
}

/// Turns whatever a DuckDB call threw into what a client may see: `DriverError`s whose text has
/// every secret of the connection cut out, or `CancellationError`.
struct ErrorMapper: Sendable {
    private let secrets: [String]

    /// `secrets` as given, plus the forms they take once quoted into SQL or libpq text, since
    /// DuckDB may quote a statement back.
    init(secrets: [String]) {
        let quoted = secrets.map { $0.replacingOccurrences(of: "'", with: "''") }
        let libpq = secrets.map {
            $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        }
        self.secrets = Array(Set(secrets + quoted + libpq))
    }

    func scrub(_ message: String) -> String {
        DriverError.scrub(message, removing: secrets)
    }

    /// For statements: DuckDB's own failures become `statementFailed`; a statement that failed
    /// because its task was cancelled (DuckDB says "Interrupted") becomes `CancellationError`.
    func statement(_ error: any Error, cancelled: Bool) -> any Error {
        if cancelled || error is CancellationError { return CancellationError() }
        switch error {
        case let error as DriverError: return error
        case let failure as DuckDBFailure: return DriverError.statementFailed(scrub(failure.message))
        default: return DriverError.statementFailed(scrub(String(describing: error)))
        }
    }
}
