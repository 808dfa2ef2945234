import Synchronization

/// A pool of handles of a blocking client library (a Connector/C session, a DuckDB connection):
/// `HandlePoolState` decides, under a lock; this class carries out what it decided outside
/// the lock: resuming waiters, and opening, checking and closing handles on the executor.
///
/// `open`, `isAlive` and `close` block; the pool runs them on the executor. `releaseNow` and
/// `discardNow` close in place, for callers already on an executor thread.
public final class HandlePool<Handle: AnyObject & Sendable>: Sendable {
    /// What a waiter is handed: a ready handle, or the right to open one.
    private enum Grant: Sendable {
        case handle(Handle, check: Bool)
        case slot
    }

    private struct Guarded {
        var state: HandlePoolState<Handle>
        var waiters: [UInt64: CheckedContinuation<Grant, any Error>] = [:]
        var nextID: UInt64 = 0
    }

    private let guarded: Mutex<Guarded>
    private let executor: BlockingExecutor
    private let open: @Sendable () throws -> Handle
    private let isAlive: @Sendable (Handle) -> Bool
    private let close: @Sendable (Handle) -> Void
    private let shutDownError: DriverError

    /// - Parameters:
    ///   - open: opens a handle, throwing a `DriverError` fit for the client.
    ///   - isAlive: checks a handle that sat idle longer than `checkAfter`.
    ///   - shutDownError: what callers get once the pool has shut down.
    public init(
        _ configuration: HandlePoolState<Handle>.Configuration, executor: BlockingExecutor,
        shutDownError: DriverError,
        open: @escaping @Sendable () throws -> Handle,
        isAlive: @escaping @Sendable (Handle) -> Bool = { _ in true },
        close: @escaping @Sendable (Handle) -> Void
    ) {
        guarded = Mutex(Guarded(state: HandlePoolState(configuration)))
        self.executor = executor
        self.shutDownError = shutDownError
        self.open = open
        self.isAlive = isAlive
        self.close = close
    }

    /// A handle for the caller alone until it is released or discarded. Throws what `open`
    /// throws, `CancellationError` when the wait is cancelled, `shutDownError` after shutdown.
    public func lease() async throws -> Handle {
        let expired = guarded.withLock { $0.state.expire(now: .now) }
        if !expired.isEmpty { await executor.cleanUp { [close] in expired.forEach(close) } }
        while true {
            switch try await grant() {
            case .handle(let handle, let check):
                guard check else { return handle }
                if (try? await executor.run { [isAlive] in isAlive(handle) }) == true { return handle }
                await executor.cleanUp { self.discardNow(handle) }
            case .slot:
                let handle: Handle
                do {
                    handle = try await executor.run(open)
                } catch {
                    perform(guarded.withLock { $0.state.openFailed() }, inPlace: false)
                    throw error
                }
                let action = guarded.withLock { $0.state.opened(handle) }
                guard action == .none else {
                    await executor.cleanUp { [close] in close(handle) }
                    throw shutDownError
                }
                return handle
            }
        }
    }

    /// Gives a leased handle back: kept when `reusable`, else closed (on the executor).
    public func release(_ handle: Handle, reusable: Bool) async {
        let action = guarded.withLock { reusable ? $0.state.release(handle, now: .now) : $0.state.discard(handle) }
        if !reusable || action == .close(handle) { await executor.cleanUp { [close] in close(handle) } }
        perform(action == .close(handle) ? .none : action, inPlace: false)
    }

    /// `release` for callers on an executor thread: closes in place when needed.
    public func releaseNow(_ handle: Handle, reusable: Bool) {
        guard reusable else { return discardNow(handle) }
        perform(guarded.withLock { $0.state.release(handle, now: .now) }, inPlace: true)
    }

    /// Closes a leased handle in place and frees its slot, for callers on an executor thread.
    public func discardNow(_ handle: Handle) {
        close(handle)
        perform(guarded.withLock { $0.state.discard(handle) }, inPlace: true)
    }

    /// Refuses new leases, fails every waiter and closes the idle handles. Returns the leased
    /// handles, which close when they come back, for the caller to interrupt.
    @discardableResult
    public func shutdown() async -> [Handle] {
        let (action, waiters) = guarded.withLock { guarded in
            let action = guarded.state.shutDown()
            let waiters = action.waiters.compactMap { guarded.waiters.removeValue(forKey: $0) }
            return (action, waiters)
        }
        for waiter in waiters { waiter.resume(throwing: shutDownError) }
        let idle = action.idle
        if !idle.isEmpty { await executor.cleanUp { [close] in idle.forEach(close) } }
        return action.leased
    }

    /// An idle handle, a free slot, or a place in the queue until one of them comes.
    private func grant() async throws -> Grant {
        let id = guarded.withLock { guarded in
            guarded.nextID += 1
            return guarded.nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let outcome = guarded.withLock { guarded -> Result<Grant, any Error>? in
                    // Checked under the lock the cancellation handler takes too, so a waiter is
                    // never queued after its handler has run.
                    if Task.isCancelled { return .failure(CancellationError()) }
                    switch guarded.state.lease(id, now: .now) {
                    case .use(let handle, let check): return .success(.handle(handle, check: check))
                    case .open: return .success(.slot)
                    case .fail: return .failure(shutDownError)
                    case .wait:
                        guarded.waiters[id] = continuation
                        return nil
                    }
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let waiter = guarded.withLock { guarded in
                guarded.state.cancelWaiter(id) ? guarded.waiters.removeValue(forKey: id) : nil
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// Carries out a decision, outside the lock. A handle to close is closed in place only for
    /// callers on an executor thread; others have closed it already or hand it to `cleanUp`.
    private func perform(_ action: HandlePoolState<Handle>.ReturnAction, inPlace: Bool) {
        switch action {
        case .none: return
        case .close(let handle): if inPlace { close(handle) }
        case .hand(let handle, let id):
            guarded.withLock { $0.waiters.removeValue(forKey: id) }?.resume(returning: .handle(handle, check: false))
        case .openFor(let id):
            guarded.withLock { $0.waiters.removeValue(forKey: id) }?.resume(returning: .slot)
        }
    }
}
