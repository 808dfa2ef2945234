import ServiceLifecycle
import SwitchyardDrivers

/// Runs every driver's background work (`DatabaseDriver.run()`) as children of one service,
/// so that pools live inside the server's structured task tree and stop with it.
struct DriverRunner: Service {
    private let started: AsyncStream<any DatabaseDriver>
    private let continuation: AsyncStream<any DatabaseDriver>.Continuation

    init() { (started, continuation) = AsyncStream.makeStream() }

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
            // Drivers stop on cancellation: their pools close as the server stops.
            group.cancelAll()
        }
    }
}
