import Synchronization

/// What a stored connection costs to read — its public view (parsed JSON), its whole
/// configuration (decrypted, then parsed) — worked out once per revision. Every write makes a
/// new revision, so an entry is right exactly while its revision is the stored one: a read
/// that finds another revision works the value out again. Whole configurations hold secrets
/// in memory, as the drivers that connect with them already do; never on disk.
final class RevisionCache: Sendable {
    private struct Key: Hashable {
        let project: String
        let name: String
    }

    private struct Entry {
        var revision: String
        var view: ConnectionView?
        var config: ConnectionConfig?
    }

    private let entries = Mutex<[Key: Entry]>([:])

    func view(of record: ConnectionRecord, _ make: () throws -> ConnectionView) rethrows -> ConnectionView {
        try cached(\.view, of: record, make)
    }

    func config(of record: ConnectionRecord, _ make: () throws -> ConnectionConfig) rethrows -> ConnectionConfig {
        try cached(\.config, of: record, make)
    }

    /// The configuration just written, under its new revision.
    func remember(_ config: ConnectionConfig, project: String, name: String, revision: String) {
        update(Key(project: project, name: name), revision: revision) { $0.config = config }
    }

    func forget(project: String, name: String? = nil) {
        entries.withLock { entries in
            if let name {
                entries[Key(project: project, name: name)] = nil
            } else {
                entries = entries.filter { $0.key.project != project }
            }
        }
    }

    private func cached<Value>(
        _ part: WritableKeyPath<Entry, Value?>, of record: ConnectionRecord, _ make: () throws -> Value
    ) rethrows -> Value {
        let key = Key(project: record.project, name: record.name)
        if let entry = entries.withLock({ $0[key] }), entry.revision == record.revision, let value = entry[keyPath: part] {
            return value
        }
        let value = try make()
        update(key, revision: record.revision) { $0[keyPath: part] = value }
        return value
    }

    private func update(_ key: Key, revision: String, _ change: (inout Entry) -> Void) {
        entries.withLock { entries in
            var entry = entries[key].flatMap { $0.revision == revision ? $0 : nil } ?? Entry(revision: revision)
            change(&entry)
            entries[key] = entry
        }
    }
}
