import ServiceLifecycle
import SwitchyardDrivers

/// Runs every driver's background work (`DatabaseDriver.run()`) as children of one service,
/// so that pools live inside the server's structured task tree and stop with it: on graceful
/// shutdown the drivers are shut down (pools closed), then their background work cancelled.
struct DriverRunner: Service {
    private let started: AsyncStream<any DatabaseDriver>
    private let continuation: AsyncStream<any DatabaseDriver>.Continuation
    private var shutdownDrivers: @Sendable () async -> Void = {}

    init() { (started, continuation) = AsyncStream.makeStream() }

    /// The same runner, which calls `action` to shut the drivers down when the server stops
    /// (the registry knows which drivers are still in use).
    func stopping(with action: @escaping @Sendable () async -> Void) -> DriverRunner {
        var runner = self
        runner.shutdownDrivers = action
        return runner
    }

    /// Starts `driver.run()` in the service's task group.
    func start(_ driver: any DatabaseDriver) { continuation.yield(driver) }

    func run() async throws {
        await withDiscardingTaskGroup { group in
            await withGracefulShutdownHandler {
                for await driver in started {
                    group.addTask { await driver.run() }
                }
            } onGracefulShutdown: {
                continuation.finish()
            }
            await shutdownDrivers()
            group.cancelAll()
        }
    }
}
