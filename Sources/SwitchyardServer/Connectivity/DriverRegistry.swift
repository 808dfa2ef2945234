import Logging
import SwitchyardCore
import SwitchyardDrivers

/// One driver (with its pool) per stored connection, made on first use and replaced when the
/// connection's revision changes. A replaced or evicted driver is shut down once the last
/// statement running on it has finished, so in-flight queries complete on the old settings.
actor DriverRegistry {
    struct Key: Hashable {
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
        init(revision: String, driver: any DatabaseDriver) {
            self.revision = revision
            self.driver = driver
        }
    }

    private var current: [Key: Entry] = [:]
    private var leases: [ObjectIdentifier: Int] = [:]
    private var retired: [ObjectIdentifier: Entry] = [:]
    private let factory: DriverFactory
    private let runner: DriverRunner

    init(factory: DriverFactory, runner: DriverRunner) {
        self.factory = factory
        self.runner = runner
    }

    /// Runs `body` with the driver for this connection at this revision, keeping the driver
    /// alive until `body` returns.
    nonisolated func withDriver<T: Sendable>(
        _ key: Key, revision: String, config: @Sendable () async throws -> ConnectionConfig,
        _ body: (any DatabaseDriver) async throws -> T
    ) async throws -> T {
        let lease = try await lease(key, revision: revision, config: config)
        do {
            let result = try await body(lease.driver)
            await release(lease)
            return result
        } catch {
            await release(lease)
            throw error
        }
    }

    /// Drops the driver of a changed or deleted connection.
    func evict(_ key: Key) async {
        guard let entry = current.removeValue(forKey: key) else { return }
        await retire(entry)
    }

    /// Shuts every driver down; the server is stopping.
    func shutdownAll() async {
        let entries = Array(current.values) + Array(retired.values)
        current = [:]
        retired = [:]
        for entry in entries { await entry.driver.shutdown() }
    }

    func lease(
        _ key: Key, revision: String, config: @Sendable () async throws -> ConnectionConfig
    ) async throws -> Lease {
        Lease(entry: try await leaseEntry(key, revision: revision, config: config))
    }

    private func leaseEntry(
        _ key: Key, revision: String, config: @Sendable () async throws -> ConnectionConfig
    ) async throws -> Entry {
        if let entry = current[key], entry.revision == revision {
            leases[ObjectIdentifier(entry), default: 0] += 1
            return entry
        }
        let driver = try factory.makeDriver(for: try await config())
        // Another caller may have made one while this one awaited the configuration.
        if let entry = current[key], entry.revision == revision {
            await driver.shutdown()
            leases[ObjectIdentifier(entry), default: 0] += 1
            return entry
        }
        let entry = Entry(revision: revision, driver: driver)
        runner.start(driver)
        if let old = current.updateValue(entry, forKey: key) { await retire(old) }
        leases[ObjectIdentifier(entry), default: 0] += 1
        return entry
    }

    func release(_ lease: Lease) async {
        let id = ObjectIdentifier(lease.entry)
        leases[id, default: 1] -= 1
        if leases[id] == 0 {
            leases[id] = nil
            if let done = retired.removeValue(forKey: id) { await done.driver.shutdown() }
        }
    }

    private func retire(_ entry: Entry) async {
        let id = ObjectIdentifier(entry)
        if (leases[id] ?? 0) > 0 {
            retired[id] = entry
        } else {
            await entry.driver.shutdown()
        }
    }
}
