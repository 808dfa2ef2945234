import Foundation
import Synchronization
import Hummingbird
import SwitchyardContract
import Yams

/// The API contract, served to clients and to the console's reference page: the YAML the
/// server is generated from, read at start, and the same document as JSON, converted on its
/// first request (parsing the YAML took most of the server's start-up time).
struct ContractRoutes: Sendable {
    let yaml: ByteBuffer
    private let json = ConvertedOnce()

    init() throws {
        yaml = ByteBuffer(bytes: try APIContract.yaml())
    }

    private func jsonDocument() throws -> ByteBuffer {
        if let json = json.value.withLock({ $0 }) { return json }
        let document = try Yams.load(yaml: String(buffer: yaml)) ?? [:]
        let converted = ByteBuffer(
            bytes: try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes]))
        json.value.withLock { $0 = converted }
        return converted
    }

    /// The paths, for the routes that need no token.
    static let paths: Set<String> = ["/api/v0/openapi.yaml", "/api/v0/openapi.json"]

    func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("/api/v0/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: .init(byteBuffer: yaml))
        }
        router.get("/api/v0/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: try jsonDocument()))
        }
    }
}

private final class ConvertedOnce: Sendable {
    let value = Mutex<ByteBuffer?>(nil)
}
