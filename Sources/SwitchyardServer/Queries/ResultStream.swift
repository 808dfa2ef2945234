import Foundation
import SwitchyardCore
import SwitchyardDrivers

/// A statement's rows in a stream format (NDJSON, CSV, Arrow), produced batch by batch as the
/// client reads them, so memory stays flat whatever the result's size. A database error or the
/// time limit after the first byte cannot change the status any more: it ends the stream with
/// the format's own failure (NDJSON's `{"error": …}` line), or broken where the format has none.
struct ResultStream: AsyncSequence, Sendable {
    typealias Element = ArraySlice<UInt8>

    let cursor: any RowCursor
    let format: StreamFormat
    /// The statement's deadline and its client's presence, which bound every batch.
    let bounds: StatementBounds
    /// Closes the cursor and gives back what the stream holds, recording how it ended; only
    /// the first call does anything.
    let finish: @Sendable (Ending) async -> Void

    /// How a stream ended, and what it had sent by then.
    struct Ending: Sendable {
        var outcome: ServerMetrics.Outcome
        var rows = 0
        var bytes = 0
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        let stream: ResultStream
        var encoding: any ResultEncoding
        var done = false
        var sent = Ending(outcome: .ok)

        mutating func next() async throws -> ArraySlice<UInt8>? {
            guard !done else { return nil }
            let cursor = stream.cursor
            do {
                var out: [UInt8] = []
                guard let batch = try await stream.bounds.run({ try await cursor.next() }) else {
                    done = true
                    try encoding.finish(to: &out)
                    sent.bytes += out.count
                    await stream.finish(sent)
                    return out.isEmpty ? nil : out[...]
                }
                out.reserveCapacity(batch.count * 64)
                try encoding.append(batch, to: &out)
                sent.rows += batch.count
                sent.bytes += out.count
                return out[...]
            } catch is CancellationError {
                done = true
                sent.outcome = .cancelled
                await stream.finish(sent)
                throw CancellationError()
            } catch {
                done = true
                sent.outcome = StatementMeter.outcome(of: error)
                await stream.finish(sent)
                guard let failure = encoding.failure(ResultStream.message(for: error)) else { throw error }
                return failure[...]
            }
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(stream: self, encoding: format.encoding(for: cursor.columns))
    }

    /// What a client may be told of `error`: its own message when it has one for clients.
    static func message(for error: any Error) -> String {
        (error as? any HTTPStatusError)?.clientMessage ?? "the statement failed"
    }
}
