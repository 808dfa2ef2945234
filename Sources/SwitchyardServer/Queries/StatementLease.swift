import SwitchyardDrivers
import Synchronization

/// A statement's hold on the server: its place in the gate and its lease on the connection's
/// driver. Whoever holds the lease owns its release — the call that ran the statement, or the
/// stream that outlives it — and releasing twice is harmless. The first release also records
/// how the statement ended.
final class StatementLease: Sendable {
    let driver: any DatabaseDriver
    private let meter: StatementMeter
    private let release: @Sendable () async -> Void
    private let released = Mutex(false)

    init(driver: any DatabaseDriver, meter: StatementMeter, release: @escaping @Sendable () async -> Void) {
        self.driver = driver
        self.meter = meter
        self.release = release
    }

    /// Gives back the driver and the gate place; only the first call does anything.
    func end(_ outcome: ServerMetrics.Outcome, rows: Int = 0, bytes: Int = 0) async {
        let first = released.withLock { released in
            defer { released = true }
            return !released
        }
        guard first else { return }
        meter.finish(outcome, rows: rows, bytes: bytes)
        await release()
    }

    /// Ends the lease for a statement that failed with `error`.
    func end(failing error: any Error) async {
        await end(StatementMeter.outcome(of: error))
    }
}
