import NIOCore
import SQLiteNIO
import Synchronization

/// Group commit. Writes that arrive while a commit is under way wait for the next one and
/// share it: one transaction, so one fsync, for the whole batch. Each write still returns only
/// after its batch is on disk and in the mirror. The caller whose write finds the queue idle
/// commits; when its batch is done and more writes wait, it hands the turn to the oldest of
/// them, so nobody commits other callers' batches for long.
///
/// A batch is BEGIN, every statement of every write sent at once (the connection has one
/// thread, which runs them in order), then COMMIT, or ROLLBACK when a write says so.
actor CommitQueue {
    /// What a committed write changes in the mirror.
    typealias Change = @Sendable (inout CatalogMirror.Contents) -> Void

    private enum Turn { case committed, commit }

    private struct Waiting {
        let statements: [CatalogStatement]
        /// Settles the write from its statements' results and returns its change; throws
        /// when the batch must not commit.
        let settle: @Sendable ([Result<[SQLiteRow], any Error>]) throws -> Change
        /// Fails the write when its batch does not commit.
        let fail: @Sendable (any Error) -> Void
        /// Nil for the caller that is committing.
        var turn: CheckedContinuation<Turn, Never>?
    }

    private let database: SQLiteConnection
    private let mirror: CatalogMirror
    private var waiting: [Waiting] = []
    private var committing = false
    /// Batches committed, and the writes they held.
    private(set) var counts = (commits: 0, writes: 0)

    init(database: SQLiteConnection, mirror: CatalogMirror) {
        self.database = database
        self.mirror = mirror
    }

    /// Runs `write` in the next batch. A write the catalog refuses (`.refused`) fails alone and
    /// changes nothing; an error that `write.outcome` throws rolls the whole batch back and
    /// fails every write in it, as does a failed commit.
    func submit<Value: Sendable>(_ write: CatalogWrite<Value>) async throws -> Value {
        let result = WriteResult<Value>()
        let settle: @Sendable ([Result<[SQLiteRow], any Error>]) throws -> Change = { results in
            switch try write.outcome(results) {
            case .done(let value):
                result.set(.success(value))
                return { write.change(value, &$0) }
            case .refused(let error):
                result.set(.failure(error))
                return { _ in }
            }
        }
        let entry = Waiting(statements: write.statements, settle: settle, fail: { result.set(.failure($0)) })
        if committing {
            let turn = await withCheckedContinuation { continuation in
                var waiting = entry
                waiting.turn = continuation
                self.waiting.append(waiting)
            }
            if case .commit = turn { await commitWaiting() }
        } else {
            committing = true
            waiting.append(entry)
            await commitWaiting()
        }
        return try result.take()
    }

    /// Commits every waiting write as one transaction, then passes the turn on.
    private func commitWaiting() async {
        let batch = waiting
        waiting = []
        await commit(batch)
        for entry in batch { entry.turn?.resume(returning: .committed) }
        if waiting.isEmpty {
            committing = false
        } else {
            let next = waiting[0].turn
            waiting[0].turn = nil
            next?.resume(returning: .commit)
        }
    }

    /// The batch as one chain on SQLite's event loop: nothing in it waits for a turn on the
    /// task executor, however many writes it holds.
    private func commit(_ batch: [Waiting]) async {
        let database = self.database
        let committed = database.query("BEGIN IMMEDIATE").flatMap { _ in
            EventLoopFuture.whenAllComplete(
                batch.flatMap { entry in entry.statements.map { database.query($0.sql, $0.binds) } },
                on: database.eventLoop)
        }.flatMapThrowing { results in
            var remaining = results[...]
            var changes: [Change] = []
            var failure: (any Error)?
            for entry in batch {
                let own = Array(remaining.prefix(entry.statements.count))
                remaining = remaining.dropFirst(entry.statements.count)
                do { changes.append(try entry.settle(own)) } catch { failure = failure ?? error }
            }
            if let failure { throw failure }
            return changes
        }.flatMap { changes in
            database.query("COMMIT").map { _ in changes }
        }.flatMapError { error in
            // Also after a failed BEGIN, where there is nothing to roll back.
            database.query("ROLLBACK").map { _ in [Change]() }.recover { _ in [] }
                .flatMapThrowing { _ -> [Change] in throw error }
        }
        do {
            mirror.apply(try await committed.get())
            counts.commits += 1
            counts.writes += batch.count
        } catch {
            for entry in batch { entry.fail(error) }
        }
    }
}

/// One SQL statement with its values.
struct CatalogStatement: Sendable {
    let sql: String
    let binds: [SQLiteData]

    init(_ sql: String, _ binds: [SQLiteData] = []) {
        self.sql = sql
        self.binds = binds
    }
}

/// A change to the catalog file as the commit queue runs it: its statements, how their results
/// answer the caller, and how the mirror changes once the batch is durable.
struct CatalogWrite<Value: Sendable>: Sendable {
    enum Outcome {
        case done(Value)
        /// The catalog says no (a name taken): this write fails, the batch goes on.
        case refused(any Error)
    }

    let statements: [CatalogStatement]
    let outcome: @Sendable ([Result<[SQLiteRow], any Error>]) throws -> Outcome
    let change: @Sendable (Value, inout CatalogMirror.Contents) -> Void
}

extension CatalogWrite where Value == Bool {
    /// One statement with `RETURNING`: whether it touched a row.
    static func touchingARow(
        _ statement: CatalogStatement, change: @escaping @Sendable (inout CatalogMirror.Contents) -> Void
    ) -> CatalogWrite {
        CatalogWrite(statements: [statement], outcome: { .done(!(try $0[0].get()).isEmpty) }) { touched, contents in
            if touched { change(&contents) }
        }
    }
}

extension CatalogWrite where Value == Void {
    /// One INSERT: a constraint it breaks (a name taken, a missing parent) refuses this write
    /// alone, with the error `refusal` makes of it.
    static func inserting(
        _ statement: CatalogStatement, refusal: @escaping @Sendable (SQLiteError) -> any Error,
        change: @escaping @Sendable (inout CatalogMirror.Contents) -> Void
    ) -> CatalogWrite {
        CatalogWrite(statements: [statement], outcome: { results in
            if case .failure(let error as SQLiteError) = results[0], error.isConstraint { return .refused(refusal(error)) }
            _ = try results[0].get()
            return .done(())
        }) { _, contents in change(&contents) }
    }
}

/// One write's result, set inside the batch and read by its caller afterwards.
private final class WriteResult<T: Sendable>: Sendable {
    private let result = Mutex<Result<T, any Error>?>(nil)

    func set(_ value: Result<T, any Error>) { result.withLock { $0 = value } }

    func take() throws -> T {
        guard let value = result.withLock({ $0 }) else { throw CommitQueueError.noOutcome }
        return try value.get()
    }
}

enum CommitQueueError: Error { case noOutcome }
