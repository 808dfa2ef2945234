import Synchronization

/// Clean-up a request registers for after its answer is written (or abandoned): a streamed
/// result's statement lease, should the stream never be read to its end.
final class RequestScope: Sendable {
    @TaskLocal static var current: RequestScope?

    private let actions = Mutex<[@Sendable () async -> Void]>([])

    func onFinish(_ action: @escaping @Sendable () async -> Void) {
        actions.withLock { $0.append(action) }
    }

    func finish() async {
        let pending = actions.withLock { actions in
            defer { actions = [] }
            return actions
        }
        for action in pending { await action() }
    }
}
