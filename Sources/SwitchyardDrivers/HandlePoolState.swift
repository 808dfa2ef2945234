/// The bookkeeping of a pool of database handles, as a value with no side effects: each event
/// (a lease, a return, a cancelled wait, shutdown) changes the state and says what to do,
/// and `HandlePool` does it outside its lock. That keeps locking short, and lets every rule
/// below be tested without a database.
///
/// Rules: handles are opened lazily up to `capacity`; a caller that finds none free waits,
/// first come first served; the most recently used idle handle goes first (a caller working
/// alone keeps its session and temporary tables); an idle handle older than `checkAfter` is
/// checked before reuse, one older than `closeAfter` is closed; after shutdown waiters fail,
/// idle handles close, and leased ones close when they come back.
public struct HandlePoolState<Handle: AnyObject> {
    public struct Configuration: Sendable {
        public var capacity: Int
        public var checkAfter: Duration?
        public var closeAfter: Duration?

        public init(capacity: Int, checkAfter: Duration? = nil, closeAfter: Duration? = nil) {
            self.capacity = max(1, capacity)
            self.checkAfter = checkAfter
            self.closeAfter = closeAfter
        }
    }

    /// What a caller asking for a handle does next.
    public enum LeaseAction {
        /// Use this idle handle; check it first (a ping) when `check` is set.
        case use(Handle, check: Bool)
        /// Open a new handle, then report `opened` or `openFailed`.
        case open
        /// Wait: a later event hands this caller a handle or a slot.
        case wait
        /// The pool has shut down.
        case fail
    }

    /// What to do after a handle came back, was discarded, or failed to open.
    public enum ReturnAction: Equatable {
        case none
        /// Close this handle (the pool has shut down).
        case close(Handle)
        /// Give this handle to the waiter with this id.
        case hand(Handle, to: UInt64)
        /// Tell the waiter with this id to open a handle itself.
        case openFor(UInt64)

        public static func == (left: ReturnAction, right: ReturnAction) -> Bool {
            switch (left, right) {
            case (.none, .none): true
            case (.close(let a), .close(let b)): a === b
            case (.hand(let a, let x), .hand(let b, let y)): a === b && x == y
            case (.openFor(let x), .openFor(let y)): x == y
            default: false
            }
        }
    }

    /// What shutdown leaves to do: fail the waiters, close the idle handles, and interrupt the
    /// leased ones (they close when returned).
    public struct ShutdownAction {
        public var waiters: [UInt64]
        public var idle: [Handle]
        public var leased: [Handle]
    }

    struct Idle {
        let handle: Handle
        let since: ContinuousClock.Instant
    }

    public let configuration: Configuration
    private var idle: [Idle] = []
    private var leased: [ObjectIdentifier: Handle] = [:]
    /// Handles being opened (a slot granted, no handle yet).
    private var opening = 0
    private var waiters: [UInt64] = []
    public private(set) var isShutDown = false

    public init(_ configuration: Configuration) {
        self.configuration = configuration
    }

    /// Handles open or being opened, idle or leased.
    public var openCount: Int { opening + idle.count + leased.count }
    public var idleCount: Int { idle.count }
    public var waiterCount: Int { waiters.count }

    /// Caller `id` asks for a handle at `now`.
    public mutating func lease(_ id: UInt64, now: ContinuousClock.Instant) -> LeaseAction {
        if isShutDown { return .fail }
        if let last = idle.popLast() {
            leased[ObjectIdentifier(last.handle)] = last.handle
            let stale = configuration.checkAfter.map { now - last.since > $0 } ?? false
            return .use(last.handle, check: stale)
        }
        guard openCount < configuration.capacity else {
            waiters.append(id)
            return .wait
        }
        opening += 1
        return .open
    }

    /// A waiter's task was cancelled; true when it was still waiting (it is then told so).
    public mutating func cancelWaiter(_ id: UInt64) -> Bool {
        guard let index = waiters.firstIndex(of: id) else { return false }
        waiters.remove(at: index)
        return true
    }

    /// A granted slot produced `handle`, now leased; `.close(handle)` when the pool shut
    /// down meanwhile.
    public mutating func opened(_ handle: Handle) -> ReturnAction {
        opening -= 1
        if isShutDown { return .close(handle) }
        leased[ObjectIdentifier(handle)] = handle
        return .none
    }

    /// A granted slot could not be opened: the slot passes to the next waiter.
    public mutating func openFailed() -> ReturnAction {
        opening -= 1
        return offerSlot()
    }

    /// A leased handle comes back clean at `now`.
    public mutating func release(_ handle: Handle, now: ContinuousClock.Instant) -> ReturnAction {
        guard leased.removeValue(forKey: ObjectIdentifier(handle)) != nil, !isShutDown else { return .close(handle) }
        guard !waiters.isEmpty else {
            idle.append(Idle(handle: handle, since: now))
            return .none
        }
        leased[ObjectIdentifier(handle)] = handle
        return .hand(handle, to: waiters.removeFirst())
    }

    /// A leased handle is closed by its holder (broken, or its session cannot be trusted).
    public mutating func discard(_ handle: Handle) -> ReturnAction {
        guard leased.removeValue(forKey: ObjectIdentifier(handle)) != nil else { return .none }
        return offerSlot()
    }

    /// Removes the idle handles unused for longer than `closeAfter`, for closing.
    public mutating func expire(now: ContinuousClock.Instant) -> [Handle] {
        guard let limit = configuration.closeAfter else { return [] }
        let expired = idle.filter { now - $0.since > limit }.map(\.handle)
        idle.removeAll { now - $0.since > limit }
        return expired
    }

    /// Refuses further leases.
    public mutating func shutDown() -> ShutdownAction {
        isShutDown = true
        defer {
            idle = []
            waiters = []
        }
        return ShutdownAction(waiters: waiters, idle: idle.map(\.handle), leased: Array(leased.values))
    }

    private mutating func offerSlot() -> ReturnAction {
        guard !isShutDown, !waiters.isEmpty else { return .none }
        opening += 1
        return .openFor(waiters.removeFirst())
    }
}

extension HandlePoolState: Sendable where Handle: Sendable {}
extension HandlePoolState.LeaseAction: Sendable where Handle: Sendable {}
extension HandlePoolState.ReturnAction: Sendable where Handle: Sendable {}
extension HandlePoolState.ShutdownAction: Sendable where Handle: Sendable {}
extension HandlePoolState.Idle: Sendable where Handle: Sendable {}
