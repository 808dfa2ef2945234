// Dispatch's timer sources are thread-safe but not marked Sendable; the one kept here is only
// rescheduled under the clock's lock.
@preconcurrency import Dispatch
import Synchronization

/// A wait until a point in time that gives everything back the moment its task is cancelled.
///
/// `Task.sleep` does not: a cancelled sleep throws at once, but its wake-up stays scheduled,
/// holding memory, until the original deadline comes (swiftlang/swift#60441). Racing every
/// statement against a time limit with it kept one such wake-up per statement for the whole
/// limit (five minutes) — and per PostgreSQL statement one for a year — so the server grew
/// with each statement. Here a cancelled wait leaves nothing behind.
///
/// The waits share one Dispatch timer (`AlarmClock`): a timer source per wait cost every
/// statement a wake-up of Dispatch's timer thread to arm it and another to cancel it.
public enum Alarm {
    /// Returns at `deadline` (at once if it has passed); throws `CancellationError` as soon as
    /// the calling task is cancelled.
    public static func wait(until deadline: ContinuousClock.Instant) async throws {
        try await AlarmClock.shared.wait(until: deadline)
    }

    /// Calls `action` at `deadline` (at once if it has passed) unless the returned alarm is
    /// cancelled first: for a limit that stops work without a task of its own waiting for it.
    public static func call(at deadline: ContinuousClock.Instant, _ action: @escaping @Sendable () -> Void) -> Scheduled {
        AlarmClock.shared.call(at: deadline, action)
    }

    /// An action `call(at:_:)` will make unless cancelled.
    public struct Scheduled: Sendable {
        fileprivate let id: UInt64

        /// Takes the action out, if it has not been made yet.
        public func cancel() { AlarmClock.shared.cancel(id) }
    }
}

/// The pending waits, earliest first, and one timer armed at or before the earliest. A wait
/// is added and removed in logarithmic time; the timer is rearmed only for a wait earlier than
/// the time it is armed for, which is rare: waits of one length come in the order they end,
/// and a cancelled wait leaves the timer armed for its time, when it finds the next.
final class AlarmClock: Sendable {
    /// One clock for the process, as Dispatch's timers are.
    static let shared = AlarmClock()

    private let timer: any DispatchSourceTimer
    private let state = Mutex(WaitHeap())
    private let nextID = Atomic<UInt64>(0)

    private init() {
        // On the plain global queue: a source without a queue runs on an overcommitting one,
        // which starts a thread whenever none is idle.
        timer = DispatchSource.makeTimerSource(queue: .global())
        timer.setEventHandler { [unowned self] in fire() }
        timer.activate()
    }

    func wait(until deadline: ContinuousClock.Instant) async throws {
        guard deadline > .now else {
            try Task.checkCancellation()
            return
        }
        let id = makeID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // The cancellation handler runs after the task is marked cancelled: either it
                // finds this wait in the heap, or the wait sees the mark here.
                let cancelled = state.withLock { heap in
                    if Task.isCancelled { return true }
                    insert(.init(deadline: deadline, id: id, action: .resume(continuation)), into: &heap)
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            if case .resume(let continuation) = state.withLock({ $0.remove(id: id) })?.action {
                continuation.resume(throwing: CancellationError())
            }
        }
    }

    func call(at deadline: ContinuousClock.Instant, _ action: @escaping @Sendable () -> Void) -> Alarm.Scheduled {
        let id = makeID()
        guard deadline > .now else {
            action()
            return .init(id: id)
        }
        state.withLock { insert(.init(deadline: deadline, id: id, action: .call(action)), into: &$0) }
        return .init(id: id)
    }

    func cancel(_ id: UInt64) {
        // A waiting task is ended by its own cancellation, not here.
        _ = state.withLock { $0.remove(id: id) }
    }

    private func makeID() -> UInt64 { nextID.add(1, ordering: .relaxed).newValue }

    private func insert(_ wait: WaitHeap.Wait, into heap: inout WaitHeap) {
        heap.insert(wait)
        if heap.armedFor.map({ wait.deadline < $0 }) ?? true { arm(&heap, for: wait.deadline) }
    }

    /// Ends every wait whose deadline has come and arms the timer for the next.
    private func fire() {
        let due = state.withLock { heap in
            heap.armedFor = nil
            let due = heap.removeDue(at: .now)
            if let next = heap.earliest { arm(&heap, for: next) }
            return due
        }
        for wait in due {
            switch wait.action {
            case .resume(let continuation): continuation.resume()
            case .call(let action): action()
            }
        }
    }

    /// Called under the lock, so that arming follows the heap's order.
    private func arm(_ heap: inout WaitHeap, for deadline: ContinuousClock.Instant) {
        heap.armedFor = deadline
        let (seconds, attoseconds) = max(ContinuousClock.now.duration(to: deadline), .zero).components
        let limit = Int64.max / 1_000_000_000 - 1
        let nanoseconds = Int(min(seconds, limit) * 1_000_000_000 + attoseconds / 1_000_000_000)
        timer.schedule(deadline: .now() + .nanoseconds(nanoseconds), leeway: .milliseconds(1))
    }
}

/// A binary min-heap of waits by deadline that also finds a wait by its id, so that a
/// cancelled wait is taken out at once instead of lingering until its deadline.
struct WaitHeap {
    struct Wait {
        enum Action {
            /// A task waits in `Alarm.wait`.
            case resume(CheckedContinuation<Void, any Error>)
            case call(@Sendable () -> Void)
        }

        let deadline: ContinuousClock.Instant
        let id: UInt64
        let action: Action
    }

    private var waits: [Wait] = []
    private var positions: [UInt64: Int] = [:]
    /// When the clock's timer goes off next, if it is armed.
    var armedFor: ContinuousClock.Instant?

    var earliest: ContinuousClock.Instant? { waits.first?.deadline }

    mutating func insert(_ wait: Wait) {
        waits.append(wait)
        positions[wait.id] = waits.count - 1
        siftUp(waits.count - 1)
    }

    mutating func remove(id: UInt64) -> Wait? {
        guard let index = positions[id] else { return nil }
        return remove(at: index)
    }

    mutating func removeDue(at now: ContinuousClock.Instant) -> [Wait] {
        var due: [Wait] = []
        while let first = waits.first, first.deadline <= now { due.append(remove(at: 0)) }
        return due
    }

    private mutating func remove(at index: Int) -> Wait {
        let removed = waits[index]
        positions[removed.id] = nil
        let last = waits.removeLast()
        guard index < waits.count else { return removed }
        waits[index] = last
        positions[last.id] = index
        siftDown(siftUp(index))
        return removed
    }

    @discardableResult
    private mutating func siftUp(_ start: Int) -> Int {
        var index = start
        while index > 0 {
            let parent = (index - 1) / 2
            guard waits[index].deadline < waits[parent].deadline else { break }
            swapAt(index, parent)
            index = parent
        }
        return index
    }

    private mutating func siftDown(_ start: Int) {
        var index = start
        while true {
            let (left, right) = (2 * index + 1, 2 * index + 2)
            var smallest = index
            if left < waits.count, waits[left].deadline < waits[smallest].deadline { smallest = left }
            if right < waits.count, waits[right].deadline < waits[smallest].deadline { smallest = right }
            guard smallest != index else { return }
            swapAt(index, smallest)
            index = smallest
        }
    }

    private mutating func swapAt(_ first: Int, _ second: Int) {
        waits.swapAt(first, second)
        positions[waits[first].id] = first
        positions[waits[second].id] = second
    }
}
