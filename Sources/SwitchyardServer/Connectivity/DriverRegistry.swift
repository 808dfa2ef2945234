import SwitchyardCore
import SwitchyardDrivers

/// One driver (with its pool) per stored connection, made on first use, replaced when the
/// connection's revision changes, and closed when unused for `idleLimit`. A replaced driver
/// keeps serving the statements that leased it and is shut down after the last of them, so a
/// statement never finds its pool closed under it; every count changes without suspension
/// in between, so no interleaving can shut down a driver that has just been lent.
actor DriverRegistry {
    struct Key: Hashable, Sendable {
        let project: String
        let connection: String
    }

    /// A driver held for one use; give it back with `release`.
    struct Lease: Sendable {
        var driver: any DatabaseDriver { entry.driver }
        fileprivate let entry: Entry
    }

    fileprivate final class Entry: Sendable {
        let revision: String
        let driver: any DatabaseDriver
        let type: ConnectionType
        init(revision: String, driver: any DatabaseDriver, type: ConnectionType) {
            self.revision = revision
            self.driver = driver
            self.type = type
        }
        var id: ObjectIdentifier { ObjectIdentifier(self) }
    }

    private struct Use {
        var leases = 0
        var lastUsed = ContinuousClock.now
    }

    private var current: [Key: Entry] = [:]
    private var uses: [ObjectIdentifier: Use] = [:]
    /// Replaced or evicted drivers still lent out.
    private var retired: [ObjectIdentifier: Entry] = [:]
    private let makeDriver: @Sendable (ConnectionConfig) throws -> any DatabaseDriver
    private let runner: DriverRunner
    let idleLimit: Duration

    /// - Parameter makeDriver: makes a connection's driver (`DriverFactory.makeDriver`).
    init(runner: DriverRunner, idleLimit: Duration, makeDriver: @escaping @Sendable (ConnectionConfig) throws -> any DatabaseDriver) {
        self.makeDriver = makeDriver
        self.runner = runner
        self.idleLimit = idleLimit
    }

    /// The driver for this connection at this revision, made from `config` when there is none.
    func lease(
        _ key: Key, revision: String, config: @Sendable () async throws -> ConnectionConfig
    ) async throws -> Lease {
        if let entry = current[key], entry.revision == revision { return take(entry) }
        let config = try await config()
        // Another caller may have made it while this one read the configuration.
        if let entry = current[key], entry.revision == revision { return take(entry) }
        let entry = Entry(revision: revision, driver: try makeDriver(config), type: config.type)
        let lease = take(entry)
        runner.start(entry.driver)
        if let old = current.updateValue(entry, forKey: key) { retire(old) }
        return lease
    }

    /// How many drivers are open (in use or idle, current or replaced), per connection type.
    func openDriversByType() -> [ConnectionType: Int] {
        var counts: [ConnectionType: Int] = [:]
        for entry in Array(current.values) + Array(retired.values) { counts[entry.type, default: 0] += 1 }
        return counts
    }

    func release(_ lease: Lease) {
        let id = lease.entry.id
        uses[id]?.leases -= 1
        uses[id]?.lastUsed = .now
        if uses[id]?.leases == 0, let done = retired.removeValue(forKey: id) {
            uses[id] = nil
            runner.stop(done.driver)
        }
    }

    /// Drops the driver of a changed or deleted connection.
    func evict(_ key: Key) {
        if let entry = current.removeValue(forKey: key) { retire(entry) }
    }

    /// Closes the drivers nobody has used for `idleLimit`; the next use opens them again.
    func closeIdle() {
        let cutoff = ContinuousClock.now - idleLimit
        for (key, entry) in current {
            guard let use = uses[entry.id], use.leases == 0, use.lastUsed < cutoff else { continue }
            current[key] = nil
            uses[entry.id] = nil
            runner.stop(entry.driver)
        }
    }

    /// How many drivers are open, for tests and the status of the server.
    var openDrivers: Int { openDriversByType().values.reduce(0, +) }

    /// Shuts every driver down; the server is stopping.
    func shutdownAll() async {
        let entries = Array(current.values) + Array(retired.values)
        current = [:]
        retired = [:]
        uses = [:]
        for entry in entries { await entry.driver.shutdown() }
    }

    private func take(_ entry: Entry) -> Lease {
        uses[entry.id, default: Use()].leases += 1
        return Lease(entry: entry)
    }

    private func retire(_ entry: Entry) {
        if (uses[entry.id]?.leases ?? 0) > 0 {
            retired[entry.id] = entry
        } else {
            uses[entry.id] = nil
            runner.stop(entry.driver)
        }
    }
}
