import SwitchyardDrivers
import Synchronization

/// A statement's hold on the server: its place in the gate and its lease on the connection's
/// driver. Whoever holds the lease owns its release — the call that ran the statement, or the
/// stream that outlives it — and releasing twice is harmless.
final class StatementLease: Sendable {
    let driver: any DatabaseDriver
    private let release: @Sendable () async -> Void
    private let released = Mutex(false)

    init(driver: any DatabaseDriver, release: @escaping @Sendable () async -> Void) {
        self.driver = driver
        self.release = release
    }

    /// Gives back the driver and the gate place; only the first call does anything.
    func end() async {
        let first = released.withLock { released in
            defer { released = true }
            return !released
        }
        if first { await release() }
    }
}
