import Foundation
import Logging
import SwitchyardCatalog
import SwitchyardCore
import Testing

/// The embedded catalog below the HTTP layer: group commit, the mirror in memory against the
/// file, and one owner per file.
@Suite struct CatalogStoreTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchyard-catalog-\(UUID().uuidString)")
    var path: String { directory.appendingPathComponent("catalog.sqlite").path }

    init() throws { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }

    func open() async throws -> SQLiteCatalog {
        try await SQLiteCatalog.open(path: path, logger: Logger(label: "catalog-test"))
    }

    /// Opens the catalog for `body` and closes it whatever `body` does.
    func withCatalog<T>(_ body: (SQLiteCatalog) async throws -> T) async throws -> T {
        let catalog = try await open()
        do {
            let result = try await body(catalog)
            try await catalog.close()
            return result
        } catch {
            try? await catalog.close()
            throw error
        }
    }

    static func connection(_ name: String, port: Int, revision: String) -> ConnectionRecord {
        ConnectionRecord(
            project: "p", name: name, type: .postgres, publicConfig: #"{"port":\#(port)}"#, secretsSet: ["password"],
            sealedConfig: Array("sealed \(name) \(port)".utf8), revision: revision)
    }

    /// Concurrent writes share commits, each one gets its own answer (a duplicate fails alone,
    /// a stale revision is refused), and what the mirror says is what a fresh open reads.
    @Test func concurrentWritesShareCommitsAndEachKeepsItsOwnOutcome() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        let mirrored = try await withCatalog { catalog in try await Self.raceWrites(catalog) }
        try await withCatalog { (reopened: SQLiteCatalog) async throws in
            #expect(try await reopened.connections(inProject: "p") == mirrored)
            #expect(try await reopened.project(named: "p")?.wrappedKey == [1, 2, 3])
        }
    }

    /// Returns the connections as the mirror has them afterwards.
    static func raceWrites(_ catalog: SQLiteCatalog) async throws -> [ConnectionRecord] {
        try await catalog.insertProject(ProjectRecord(name: "p", readme: nil, location: nil, wrappedKey: [1, 2, 3]))
        let names = (0..<64).map { "c\($0)" }
        for name in names { try await catalog.insertConnection(Self.connection(name, port: 1, revision: "r1")) }
        let before = await catalog.commitCounts()

        let outcomes = try await withThrowingTaskGroup(of: (String, Bool).self) { group in
            for name in names {
                group.addTask {
                    (name, try await catalog.replaceConnection(Self.connection(name, port: 2, revision: "r2"), expectedRevision: "r1"))
                }
                // Every fourth one also races a write that names a revision nobody has.
                if name.hasSuffix("0") || name.hasSuffix("4") || name.hasSuffix("8") {
                    group.addTask {
                        ("stale " + name, try await catalog.replaceConnection(
                            Self.connection(name, port: 9, revision: "r9"), expectedRevision: "gone"))
                    }
                }
            }
            group.addTask {
                do {
                    try await catalog.insertConnection(Self.connection("c0", port: 3, revision: "dup"))
                    return ("duplicate", true)
                } catch SwitchyardError.connectionExists {
                    return ("duplicate", false)
                }
            }
            return try await group.reduce(into: [String: Bool]()) { $0[$1.0] = $1.1 }
        }
        for name in names { #expect(outcomes[name] == true, "\(name)") }
        #expect(outcomes.filter { $0.key.hasPrefix("stale ") }.allSatisfy { !$0.value })
        #expect(outcomes["duplicate"] == false)

        let after = await catalog.commitCounts()
        let writes = after.writes - before.writes
        let commits = after.commits - before.commits
        #expect(writes == outcomes.count)
        #expect(commits < writes / 2, "\(writes) writes took \(commits) commits")

        let mirrored = try await catalog.connections(inProject: "p")
        #expect(mirrored.map(\.name) == names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(mirrored.allSatisfy { $0.revision == "r2" && $0.publicConfig == #"{"port":2}"# })
        return mirrored
    }

    @Test func deletesAndKeyChangesReachTheMirrorAndTheFile() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withCatalog { catalog in try await Self.changeEverything(catalog) }
        try await withCatalog { reopened in try await Self.expectChangedContents(reopened) }
    }

    static func changeEverything(_ catalog: SQLiteCatalog) async throws {
        for name in ["a", "b"] {
            try await catalog.insertProject(ProjectRecord(name: name, readme: "r", location: nil, wrappedKey: [0]))
        }
        #expect(try await catalog.deleteConnection(project: "p", name: "kept", expectedRevision: nil) == false)
        await #expect(throws: SwitchyardError.projectNotFound("p")) {
            try await catalog.insertConnection(Self.connection("kept", port: 1, revision: "r1"))
        }
        try await catalog.insertProject(ProjectRecord(name: "p", readme: nil, location: nil, wrappedKey: [0]))
        try await catalog.insertConnection(Self.connection("kept", port: 1, revision: "r1"))
        try await catalog.insertConnection(Self.connection("gone", port: 1, revision: "r1"))
        #expect(try await catalog.deleteConnection(project: "p", name: "gone", expectedRevision: "other") == false)
        #expect(try await catalog.deleteConnection(project: "p", name: "gone", expectedRevision: "r1"))
        #expect(try await catalog.deleteProject(named: "a"))
        #expect(try await catalog.updateProject(ProjectRecord(name: "b", readme: "new", location: "there", wrappedKey: [9])))
        try await catalog.replaceKeys(wrappedKeys: ["b": [7], "p": [8]], keyCheck: "check")
        try await expectChangedContents(catalog)
    }

    static func expectChangedContents(_ catalog: SQLiteCatalog) async throws {
        #expect(try await catalog.projects().map(\.name) == ["b", "p"])
        let b = try await catalog.project(named: "b")
        #expect(b?.readme == "new" && b?.location == "there" && b?.wrappedKey == [7])
        #expect(try await catalog.project(named: "p")?.wrappedKey == [8])
        #expect(try await catalog.connections(inProject: "p").map(\.name) == ["kept"])
        #expect(try await catalog.connections(inProject: "a").isEmpty)
        #expect(try await catalog.setting(CatalogSettings.keyCheck) == "check")
    }

    /// The mirror is right only while this process alone writes the file.
    @Test func aSecondOpenOfTheSameFileIsRefusedUntilTheFirstCloses() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withCatalog { _ in
            let error = await #expect(throws: CatalogLockError.self) { try await open() }
            #expect(error?.description.contains("in use by another server") == true)
        }
        try await withCatalog { _ in }
    }

    /// A lock file that cannot be opened is reported as what it is, not as another server.
    @Test func aLockFileThatCannotBeOpenedIsReportedWithItsReason() async throws {
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(atPath: path + ".lock", withIntermediateDirectories: true)
        let error = await #expect(throws: CatalogLockError.self) { try await open() }
        #expect(error?.description.contains("cannot open \(path).lock: Is a directory") == true)
        #expect(error?.description.contains("another server") == false)
    }
}
