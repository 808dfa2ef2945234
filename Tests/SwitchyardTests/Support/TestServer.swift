import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import SwitchyardCore
import SwitchyardServer
import Testing

/// A server built in process on a fresh data directory, with its log lines captured.
struct TestServer {
    static let token = "test-admin-token"

    let directory: URL
    let logs: LogCapture
    var configuration: Configuration

    init(frozen: Bool = false, maxBodyBytes: Int = 1 << 20, directory: URL? = nil, logs: LogCapture = LogCapture()) {
        self.directory = directory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("switchyard-test-\(UUID().uuidString)")
        self.logs = logs
        configuration = Configuration()
        configuration.dataDirectory = self.directory.path
        configuration.adminToken = Self.token
        configuration.frozen = frozen
        configuration.maxBodyBytes = maxBodyBytes
        configuration.logLevel = .trace
        configuration.seedDefaultProject = false
        let environment = ProcessInfo.processInfo.environment
        configuration.duckDBLibrary = environment["SWITCHYARD_DUCKDB_LIBRARY"]
        configuration.duckDBPreload = environment["SWITCHYARD_DUCKDB_PRELOAD"]
        configuration.duckDBExtensionDirectory = environment["SWITCHYARD_DUCKDB_EXTENSION_DIR"]
    }

    var logger: Logger {
        var logger = Logger(label: "switchyard-test") { _ in logs.handler() }
        logger.logLevel = .trace
        return logger
    }

    /// Prepares state, runs `body` against the router (or a live server on a loopback port),
    /// then closes the catalog.
    func run(live: Bool = false, _ body: @Sendable (Client) async throws -> Void) async throws {
        let state = try await ServerState.prepare(configuration, logger: logger)
        do {
            var configuration = configuration
            configuration.port = 0
            let app = try await buildApplication(configuration, state: state, logger: logger)
            try await app.test(live ? .live : .router) { client in try await body(Client(client: client)) }
            try await state.catalog.close()
        } catch {
            try? await state.catalog.close()
            throw error
        }
    }

    /// Opens the catalog directly, for checks below the HTTP layer.
    func withWorkspace<T: Sendable>(_ body: (Workspace) async throws -> T) async throws -> T {
        let state = try await ServerState.prepare(configuration, logger: logger)
        do {
            let result = try await body(Workspace(catalog: state.catalog, vault: state.vault, isFrozen: false))
            try await state.catalog.close()
            return result
        } catch {
            try? await state.catalog.close()
            throw error
        }
    }

    func removeDirectory() { try? FileManager.default.removeItem(at: directory) }

    /// Every byte of every file in the data directory (catalog, WAL, keys).
    func rawDataDirectoryBytes() throws -> Data {
        var all = Data()
        let files = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            all.append(FileManager.default.contents(atPath: file.path) ?? Data())
        }
        return all
    }
}

/// What a test sees of one answer.
struct Reply: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    /// The body's bytes, for answers that are not text (an Arrow stream).
    let bytes: [UInt8]
    var body: String { String(decoding: bytes, as: UTF8.self) }

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }

    var jsonArray: [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [[String: Any]] ?? []
    }

    var message: String { json["message"] as? String ?? "" }
}

/// A thin wrapper over the testing client that adds the token and JSON headers.
struct Client: Sendable {
    let client: any TestClientProtocol

    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ path: String, json: String? = nil, token: String? = TestServer.token,
        headers extra: HTTPFields = [:], contentType: String = "application/json"
    ) async throws -> Reply {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = contentType }
        let body = json.map { ByteBuffer(string: $0) }
        return try await client.execute(uri: path, method: method, headers: headers, body: body) { response in
            Reply(status: response.status, headers: response.headers, bytes: Array(buffer: response.body))
        }
    }

    func get(_ path: String) async throws -> Reply { try await send(.get, path) }
}

/// Collects every log line, message and metadata, for assertions about what is logged.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    var text: String { lines.withLock { $0.joined(separator: "\n") } }

    func handler() -> some LogHandler { Handler(capture: self) }

    fileprivate func append(_ line: String) { lines.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.append("\(event.level) \(event.message) \(merged) \(event.source)")
        }
    }
}
