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

    /// Reads one batch ahead: while a batch is encoded on one thread, the next one is read
    /// and decoded on another, so a stream uses both cores (the database has its own).
    struct AsyncIterator: AsyncIteratorProtocol {
        let stream: ResultStream
        var encoding: any ResultEncoding
        var done = false
        var sent = Ending(outcome: .ok)
        /// The batch read during the previous call; nil before the first.
        var ahead: Result<[[SQLValue]]?, any Error>?

        private static func outcome(of read: @Sendable () async throws -> [[SQLValue]]?) async -> Result<[[SQLValue]]?, any Error> {
            do {
                return .success(try await read())
            } catch {
                return .failure(error)
            }
        }

        mutating func next() async throws -> ArraySlice<UInt8>? {
            guard !done else { return nil }
            let (cursor, bounds) = (stream.cursor, stream.bounds)
            let read: @Sendable () async throws -> [[SQLValue]]? = { try await bounds.run { try await cursor.next() } }
            do {
                var out: [UInt8] = []
                let current: [[SQLValue]]?
                if let ahead {
                    current = try ahead.get()
                } else {
                    current = try await read()
                }
                guard let batch = current else {
                    done = true
                    try encoding.finish(to: &out)
                    sent.bytes += out.count
                    await stream.finish(sent)
                    return out.isEmpty ? nil : out[...]
                }
                async let following = Self.outcome(of: read)
                out.reserveCapacity(batch.count * 64)
                try encoding.append(batch, to: &out)
                sent.rows += batch.count
                sent.bytes += out.count
                ahead = await following
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
