import ServiceLifecycle
import SwitchyardDrivers

/// Runs every driver's background work (`DatabaseDriver.run()`) and its shutdown as children
/// of one service, so that pools live inside the server's structured task tree and stop with
/// it, and nobody waits on a pool closing. On graceful shutdown the remaining drivers are
/// shut down (pools closed), then their background work cancelled.
struct DriverRunner: Service {
    private enum Command: Sendable {
        case start(any DatabaseDriver)
        case stop(any DatabaseDriver)
    }

    private let commands: AsyncStream<Command>
    private let continuation: AsyncStream<Command>.Continuation
    private var shutdownDrivers: @Sendable () async -> Void = {}
    private var maintenance: (interval: Duration, action: @Sendable () async -> Void)?

    init() { (commands, continuation) = AsyncStream.makeStream() }

    /// The same runner, which calls `action` to shut the drivers down when the server stops
    /// (the registry knows which drivers are still in use).
    func stopping(with action: @escaping @Sendable () async -> Void) -> DriverRunner {
        var runner = self
        runner.shutdownDrivers = action
        return runner
    }

    /// The same runner, which also calls `action` every `interval` (closing idle drivers).
    func maintaining(every interval: Duration, _ action: @escaping @Sendable () async -> Void) -> DriverRunner {
        var runner = self
        runner.maintenance = (interval, action)
        return runner
    }

    /// Starts `driver.run()` in the service's task group.
    func start(_ driver: any DatabaseDriver) { continuation.yield(.start(driver)) }

    /// Shuts `driver` down in the service's task group, without making the caller wait.
    func stop(_ driver: any DatabaseDriver) { continuation.yield(.stop(driver)) }

    func run() async throws {
        await withDiscardingTaskGroup { group in
            if let maintenance {
                group.addTask {
                    while (try? await Task.sleep(for: maintenance.interval)) != nil { await maintenance.action() }
                }
            }
            await withGracefulShutdownHandler {
                for await command in commands {
                    switch command {
                    case .start(let driver): group.addTask { await driver.run() }
                    case .stop(let driver): group.addTask { await driver.shutdown() }
                    }
                }
            } onGracefulShutdown: {
                continuation.finish()
            }
            await shutdownDrivers()
            group.cancelAll()
        }
    }
}
