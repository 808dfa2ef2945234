import SwitchyardDrivers
import Testing

/// The pool's rules, event by event, with plain objects for handles: no database needed.
@Suite struct HandlePoolStateTests {
    final class Handle {}

    typealias State = HandlePoolState<Handle>
    let start = ContinuousClock.now

    /// Leases through `state` and returns the handle, opening one when told to.
    func leaseHandle(_ state: inout State, id: UInt64, at now: ContinuousClock.Instant? = nil) -> Handle? {
        switch state.lease(id, now: now ?? start) {
        case .use(let handle, _): return handle
        case .open:
            let handle = Handle()
            #expect(state.opened(handle) == .none)
            return handle
        case .wait, .fail: return nil
        }
    }

    @Test func opensLazilyUpToCapacityThenQueues() {
        var state = State(.init(capacity: 2))
        #expect(state.openCount == 0)
        guard case .open = state.lease(1, now: start) else { Issue.record("first lease should open"); return }
        guard case .open = state.lease(2, now: start) else { Issue.record("second lease should open"); return }
        guard case .wait = state.lease(3, now: start) else { Issue.record("third lease should wait"); return }
        #expect(state.openCount == 2)
        #expect(state.waiterCount == 1)
    }

    @Test func returnedHandlesGoToWaitersInArrivalOrder() {
        var state = State(.init(capacity: 1))
        let first = leaseHandle(&state, id: 1)!
        guard case .wait = state.lease(2, now: start), case .wait = state.lease(3, now: start) else {
            Issue.record("a full pool should queue"); return
        }
        #expect(state.release(first, now: start) == .hand(first, to: 2))
        #expect(state.release(first, now: start) == .hand(first, to: 3))
        #expect(state.release(first, now: start) == .none)
        #expect(state.idleCount == 1)
    }

    @Test func cancelledWaiterLeavesTheQueue() {
        var state = State(.init(capacity: 1))
        let handle = leaseHandle(&state, id: 1)!
        _ = state.lease(2, now: start)
        _ = state.lease(3, now: start)
        let first = state.cancelWaiter(2)
        let again = state.cancelWaiter(2)
        #expect(first)
        #expect(!again)
        #expect(state.release(handle, now: start) == .hand(handle, to: 3))
    }

    @Test func discardFreesTheSlotForTheNextWaiter() {
        var state = State(.init(capacity: 1))
        let handle = leaseHandle(&state, id: 1)!
        _ = state.lease(2, now: start)
        #expect(state.discard(handle) == .openFor(2))
        #expect(state.openCount == 1)  // the waiter's slot, being opened
        #expect(state.openFailed() == .none)
        #expect(state.openCount == 0)
    }

    @Test func failedOpenPassesTheSlotOn() {
        var state = State(.init(capacity: 1))
        guard case .open = state.lease(1, now: start) else { Issue.record("should open"); return }
        _ = state.lease(2, now: start)
        #expect(state.openFailed() == .openFor(2))
    }

    @Test func mostRecentlyUsedIdleHandleGoesFirst() {
        var state = State(.init(capacity: 2))
        let older = leaseHandle(&state, id: 1)!
        let newer = leaseHandle(&state, id: 2)!
        _ = state.release(older, now: start)
        _ = state.release(newer, now: start + .seconds(1))
        #expect(leaseHandle(&state, id: 3) === newer)
        #expect(leaseHandle(&state, id: 4) === older)
    }

    @Test func longIdleHandlesAreCheckedBeforeReuse() {
        var state = State(.init(capacity: 1, checkAfter: .seconds(30)))
        let handle = leaseHandle(&state, id: 1)!
        _ = state.release(handle, now: start)
        guard case .use(_, check: false) = state.lease(2, now: start + .seconds(29)) else {
            Issue.record("a recent handle needs no check"); return
        }
        _ = state.release(handle, now: start)
        guard case .use(let again, check: true) = state.lease(3, now: start + .seconds(31)) else {
            Issue.record("a long-idle handle is checked"); return
        }
        #expect(again === handle)
    }

    @Test func idleHandlesPastTheLimitExpire() {
        var state = State(.init(capacity: 2, closeAfter: .seconds(60)))
        let old = leaseHandle(&state, id: 1)!
        let recent = leaseHandle(&state, id: 2)!
        _ = state.release(old, now: start)
        _ = state.release(recent, now: start + .seconds(50))
        let expired = state.expire(now: start + .seconds(61))
        #expect(expired.count == 1 && expired.first === old)
        #expect(state.openCount == 1)
        #expect(State(.init(capacity: 1)).configuration.closeAfter == nil)
    }

    @Test func shutdownFailsWaitersAndClosesLeasedHandlesOnReturn() {
        var state = State(.init(capacity: 2))
        _ = leaseHandle(&state, id: 1)
        let leased = leaseHandle(&state, id: 2)!
        _ = state.lease(3, now: start)
        let action = state.shutDown()
        #expect(action.waiters == [3])
        #expect(action.idle.isEmpty)
        #expect(action.leased.count == 2)
        #expect(state.release(leased, now: start) == .close(leased))
        guard case .fail = state.lease(6, now: start) else { Issue.record("leases fail after shutdown"); return }
    }

    @Test func shutdownReturnsIdleHandlesAndRefusesLateOpens() {
        var state = State(.init(capacity: 2))
        let handle = leaseHandle(&state, id: 1)!
        _ = state.release(handle, now: start)
        guard case .use = state.lease(2, now: start), case .open = state.lease(3, now: start) else {
            Issue.record("expected one reuse and one open"); return
        }
        _ = state.release(handle, now: start)
        let action = state.shutDown()
        #expect(action.idle.count == 1 && action.idle.first === handle)
        let late = Handle()
        #expect(state.opened(late) == .close(late))
        #expect(state.openCount == 0)
    }
}
