import Synchronization
import SwitchyardCore

/// Every project and connection of the catalog file, in memory, so that reads touch neither
/// the disk nor SQLite's thread. Only `CommitQueue` changes it, after the change is durable and
/// in the order the changes were committed; one server owns a data directory, so nothing else
/// changes the file under it.
final class CatalogMirror: Sendable {
    struct Contents: Sendable {
        var projects: [String: ProjectRecord] = [:]
        /// Connections by project, then by name.
        var connections: [String: [String: ConnectionRecord]] = [:]
    }

    private let contents: Mutex<Contents>
    private let changes = Atomic<UInt64>(0)

    init(projects: [ProjectRecord], connections: [ConnectionRecord]) {
        var contents = Contents()
        for project in projects {
            contents.projects[project.name] = project
            contents.connections[project.name] = [:]
        }
        for connection in connections { contents.connections[connection.project, default: [:]][connection.name] = connection }
        self.contents = Mutex(contents)
    }

    func read<T: Sendable>(_ body: (borrowing Contents) -> T) -> T { contents.withLock { body($0) } }

    /// How many batches have been applied: see `CatalogStore.generation`.
    var generation: UInt64 { changes.load(ordering: .acquiring) }

    /// Applies the changes of one committed batch, in their order.
    func apply(_ changes: [@Sendable (inout Contents) -> Void]) {
        contents.withLock { contents in
            for change in changes { change(&contents) }
            // Under the lock, after the change: a read that sees the old generation may have
            // seen the old contents, never the reverse.
            self.changes.add(1, ordering: .releasing)
        }
    }
}

extension Array {
    /// In the order of SQLite's default (binary) collation, whatever the characters.
    func sortedByName(_ name: (Element) -> String) -> [Element] {
        sorted { name($0).utf8.lexicographicallyPrecedes(name($1).utf8) }
    }
}
