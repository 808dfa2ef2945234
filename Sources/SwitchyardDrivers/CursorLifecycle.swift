/// The life of a cursor over a blocking engine's result, as a value with no side effects:
/// one read at a time; `close()` at any moment, which interrupts a read under way (the read
/// then frees the stream) or frees an idle stream itself; the end after the last rows, a
/// failure, or a close. `BlockingCursor` holds it under a lock and acts on its answers.
public struct CursorLifecycle<Stream> {
    private enum Phase {
        case ready(Stream)
        /// A read is under way; its flag is raised to interrupt it.
        case reading(Stream, CancelFlag, closeRequested: Bool)
        case done
    }

    /// What `close()` leaves to do.
    public enum CloseAction {
        case none
        /// No read is under way: free the stream (its statement may still run).
        case finish(Stream)
        /// A read is under way: raise the flag and interrupt it; the read frees the stream.
        case interrupt(Stream, CancelFlag)
    }

    private var phase: Phase

    /// A cursor over `stream`; already at its end when there is none (a statement without rows).
    public init(_ stream: Stream?) {
        phase = stream.map { .ready($0) } ?? .done
    }

    /// Starts a read: the stream and the flag its cancellation raises, or nil at the end.
    /// Throws when another read is under way: a cursor is read by one task at a time.
    public mutating func beginRead() throws(DriverError) -> (Stream, CancelFlag)? {
        switch phase {
        case .ready(let stream):
            let flag = CancelFlag()
            phase = .reading(stream, flag, closeRequested: false)
            return (stream, flag)
        case .reading: throw DriverError.statementFailed("the result is already being read by another task")
        case .done: return nil
        }
    }

    /// Ends the read under way. The cursor stays open only when `more` (rows are left and the
    /// read went well) and no close came meanwhile; `closeRequested` tells whether one did.
    public mutating func endRead(more: Bool) -> (open: Bool, closeRequested: Bool) {
        guard case .reading(let stream, _, let closeRequested) = phase else { return (false, true) }
        phase = more && !closeRequested ? .ready(stream) : .done
        return (more && !closeRequested, closeRequested)
    }

    public mutating func close() -> CloseAction {
        switch phase {
        case .ready(let stream):
            phase = .done
            return .finish(stream)
        case .reading(let stream, let flag, _):
            phase = .reading(stream, flag, closeRequested: true)
            return .interrupt(stream, flag)
        case .done:
            return .none
        }
    }

    /// The stream a cursor dropped between reads leaves to free; nil during a read (the read
    /// frees it) and at the end.
    public var abandoned: Stream? {
        guard case .ready(let stream) = phase else { return nil }
        return stream
    }
}
