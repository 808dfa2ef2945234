import SwitchyardDrivers
import Testing

/// A cursor's life, event by event, with a plain value for the stream: no database needed.
@Suite struct CursorLifecycleTests {
    typealias Lifecycle = CursorLifecycle<String>

    @Test func readsOneAtATimeAndStaysOpenWhileRowsRemain() throws {
        var cursor = Lifecycle("stream")
        let (stream, flag) = try #require(try cursor.beginRead())
        #expect(stream == "stream")
        #expect(!flag.isRaised)
        #expect(throws: DriverError.self) { try cursor.beginRead() }
        #expect(cursor.endRead(more: true) == (open: true, closeRequested: false))
        #expect(cursor.abandoned == "stream")
        let second = try #require(try cursor.beginRead())
        #expect(second.1 !== flag)  // every read has its own flag
        #expect(cursor.endRead(more: false) == (open: false, closeRequested: false))
        #expect(try cursor.beginRead() == nil)
        #expect(cursor.abandoned == nil)
    }

    @Test func aResultWithoutRowsIsAtItsEnd() throws {
        var cursor = Lifecycle(nil)
        #expect(try cursor.beginRead() == nil)
        guard case .none = cursor.close() else { Issue.record("nothing to close"); return }
    }

    @Test func closeBetweenReadsFinishesTheStreamOnce() throws {
        var cursor = Lifecycle("stream")
        guard case .finish(let stream) = cursor.close() else { Issue.record("should finish"); return }
        #expect(stream == "stream")
        guard case .none = cursor.close() else { Issue.record("a second close does nothing"); return }
        #expect(try cursor.beginRead() == nil)
    }

    @Test func closeDuringAReadInterruptsItAndTheReadEndsTheCursor() throws {
        var cursor = Lifecycle("stream")
        let (_, flag) = try #require(try cursor.beginRead())
        guard case .interrupt(_, let raised) = cursor.close() else { Issue.record("should interrupt"); return }
        #expect(raised === flag)
        #expect(cursor.abandoned == nil)  // the read frees the stream, not a dropped cursor
        #expect(cursor.endRead(more: true) == (open: false, closeRequested: true))
        #expect(try cursor.beginRead() == nil)
    }

    @Test func theFlagInterruptsOnlyOnceAndOnlyWhileTheCallRuns() {
        let flag = CancelFlag()
        #expect(flag.raise())
        #expect(!flag.raise())
        #expect(flag.isRaised)
        let finished = CancelFlag()
        finished.finish()
        #expect(!finished.raise())
        #expect(finished.isRaised && !finished.isRunning)
    }
}
