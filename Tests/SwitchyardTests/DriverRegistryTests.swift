import Foundation
import Synchronization
import SwitchyardCore
import SwitchyardDrivers
import Testing

@testable import SwitchyardServer

/// The registry's promises about driver lifetimes, checked with drivers that only count how
/// they are used (the registry never looks inside one).
@Suite struct DriverRegistryTests {
    /// A driver that records whether it was shut down.
    final class RecordingDriver: DatabaseDriver {
        let shutDown = Mutex(false)
        var isShutDown: Bool { shutDown.withLock { $0 } }
        func test() async throws {}
        func schemas() async throws -> [SchemaInfo] { [] }
        func tables(inSchema schema: String, named names: [String]?) async throws -> [TableInfo] { [] }
        func table(_ name: String, inSchema schema: String) async throws -> TableInfo? { nil }
        func query(_ sql: String) async throws -> any RowCursor { throw DriverError.unavailable("none") }
        func describe(_ sql: String) async throws -> [ColumnInfo] { [] }
        func createTemporaryTable(from sql: String) async throws -> String { "" }
        func shutdown() async { shutDown.withLock { $0 = true } }
    }

    /// Every driver the registry made, in order.
    final class Made: Sendable {
        private let drivers = Mutex<[RecordingDriver]>([])
        func append(_ driver: RecordingDriver) { drivers.withLock { $0.append(driver) } }
        var all: [RecordingDriver] { drivers.withLock { $0 } }
    }

    let key = DriverRegistry.Key(project: "p", connection: "c")
    let config = ConnectionConfig.duckdb(DuckDBSettings())

    /// Runs `body` with a registry whose runner is running, as in the server.
    func withRegistry(idle: Duration = .seconds(300), _ body: (DriverRegistry, Made) async throws -> Void) async throws {
        let made = Made()
        let runner = DriverRunner()
        let registry = DriverRegistry(runner: runner, idleLimit: idle) { _ in
            let driver = RecordingDriver()
            made.append(driver)
            return driver
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await runner.run() }
            try await body(registry, made)
            group.cancelAll()
        }
    }

    func eventually(_ condition: () -> Bool) async throws -> Bool {
        for _ in 0..<100 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
        return condition()
    }

    @Test func anEvictedDriverServesItsLeaseToTheEnd() async throws {
        let config = self.config
        try await withRegistry { registry, made in
            let lease = try await registry.lease(key, revision: "r1") { config }
            await registry.evict(key)
            let second = try await registry.lease(key, revision: "r2") { config }
            try await Task.sleep(for: .milliseconds(50))
            let first = try #require(made.all.first)
            #expect(!first.isShutDown, "shut down while leased")
            await registry.release(lease)
            #expect(try await eventually { first.isShutDown })
            #expect(made.all.count == 2)
            await registry.release(second)
        }
    }

    @Test func aNewRevisionReplacesTheDriverAfterItsLastLease() async throws {
        let config = self.config
        try await withRegistry { registry, made in
            let old = try await registry.lease(key, revision: "r1") { config }
            let new = try await registry.lease(key, revision: "r2") { config }
            let drivers = made.all
            #expect(drivers.count == 2)
            #expect(!drivers[0].isShutDown)
            await registry.release(old)
            #expect(try await eventually { drivers[0].isShutDown })
            #expect(!drivers[1].isShutDown)
            await registry.release(new)
            _ = try await registry.lease(key, revision: "r2") { config }
            #expect(made.all.count == 2, "the current driver is reused")
        }
    }

    @Test func idleDriversCloseAndReopenOnDemand() async throws {
        let config = self.config
        try await withRegistry(idle: .milliseconds(100)) { registry, made in
            let lease = try await registry.lease(key, revision: "r1") { config }
            try await Task.sleep(for: .milliseconds(200))
            await registry.closeIdle()
            #expect(await registry.openDrivers == 1, "a leased driver is never idle")
            await registry.release(lease)
            try await Task.sleep(for: .milliseconds(200))
            await registry.closeIdle()
            #expect(await registry.openDrivers == 0)
            let first = try #require(made.all.first)
            #expect(try await eventually { first.isShutDown })
            let again = try await registry.lease(key, revision: "r1") { config }
            #expect(made.all.count == 2)
            await registry.release(again)
        }
    }
}
