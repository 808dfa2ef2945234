import Foundation
import Synchronization

/// Threads for blocking calls that hand each job to the thread that went idle last, started
/// only when every thread is busy, up to a limit (further jobs queue in order).
///
/// A pool whose threads take turns from one condition variable (NIOThreadPool) spreads a
/// long stream of short calls — a result fetched chunk by chunk — over all its threads, and
/// each thread that calls into an engine gets that engine's per-thread allocator cache: a
/// DuckDB stream on a 64-thread pool held 18 MiB more than on a 4-thread one. Handed out
/// last-idle-first, such a stream stays on one or two threads, whose caches are warm.
final class WorkerThreads: Sendable {
    /// A job; its argument is false when the pool stopped before the job could run.
    typealias Job = @Sendable (_ active: Bool) -> Void

    private final class Worker: Sendable {
        private let wake = DispatchSemaphore(value: 0)
        private let handed = Mutex<Job?>(nil)

        /// Gives this idle worker its next job, or nil to make it stop.
        func hand(_ job: Job?) {
            handed.withLock { $0 = job }
            wake.signal()
        }

        func awaitJob() -> Job? {
            wake.wait()
            return handed.withLock { $0.take() }
        }
    }

    private struct State {
        var idle: [Worker] = []
        var queued: [Job] = []
        var threads = 0
        var stopped = false
        var whenAllStopped: [CheckedContinuation<Void, Never>] = []
    }

    private let limit: Int
    private let name: String
    private let state = Mutex(State())

    init(limit: Int, name: String) {
        self.limit = max(1, limit)
        self.name = name
    }

    func submit(_ job: @escaping Job) {
        enum Placement {
            case handed(Worker)
            case newThread
            case queued
            case refused
        }
        let placement: Placement = state.withLock { state in
            if state.stopped { return .refused }
            if let worker = state.idle.popLast() { return .handed(worker) }
            if state.threads < limit {
                state.threads += 1
                return .newThread
            }
            state.queued.append(job)
            return .queued
        }
        switch placement {
        case .handed(let worker): worker.hand(job)
        case .newThread: start(with: job)
        case .queued: break
        case .refused: job(false)
        }
    }

    /// Lets the running jobs finish and refuses the queued ones (`active` false); each thread
    /// ends when its job has.
    func stop() {
        let (idle, queued) = state.withLock { state in
            state.stopped = true
            defer { state.idle = []; state.queued = [] }
            return (state.idle, state.queued)
        }
        for job in queued { job(false) }
        for worker in idle { worker.hand(nil) }
    }

    /// `stop()`, returning once every thread has ended.
    func shutdown() async {
        stop()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ended = state.withLock { state in
                if state.threads == 0 { return true }
                state.whenAllStopped.append(continuation)
                return false
            }
            if ended { continuation.resume() }
        }
    }

    private func start(with job: @escaping Job) {
        let worker = Worker()
        let thread = Thread { [self] in run(worker, first: job) }
        thread.name = name
        thread.start()
    }

    private func run(_ worker: Worker, first: @escaping Job) {
        var job: Job? = first
        while let current = job {
            current(true)
            job = next(for: worker) ?? worker.awaitJob()
        }
        let last = state.withLock { state in
            state.threads -= 1
            return state.threads == 0 && state.stopped
        }
        if last { resumeWaiters() }
    }

    /// The oldest queued job; otherwise the worker joins the idle ones (nil is returned and it
    /// waits to be handed a job) unless the pool has stopped.
    private func next(for worker: Worker) -> Job?? {
        state.withLock { state -> Job?? in
            if !state.queued.isEmpty { return .some(state.queued.removeFirst()) }
            if state.stopped { return .some(nil) }
            state.idle.append(worker)
            return nil
        }
    }

    private func resumeWaiters() {
        let waiters = state.withLock { state in
            defer { state.whenAllStopped = [] }
            return state.whenAllStopped
        }
        for waiter in waiters { waiter.resume() }
    }
}
