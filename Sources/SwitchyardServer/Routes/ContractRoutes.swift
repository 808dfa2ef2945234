import Foundation
import Hummingbird
import SwitchyardContract
import Yams

/// The API contract, served to clients and to the console's reference page: the YAML the
/// server is generated from, and the same document as JSON. Both are read once, at start.
struct ContractRoutes: Sendable {
    let yaml: ByteBuffer
    let json: ByteBuffer

    init() throws {
        let text = try APIContract.yaml()
        yaml = ByteBuffer(bytes: text)
        let document = try Yams.load(yaml: String(decoding: text, as: UTF8.self)) ?? [:]
        json = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    /// The paths, for the routes that need no token.
    static let paths: Set<String> = ["/api/v0/openapi.yaml", "/api/v0/openapi.json"]

    func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("/api/v0/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"], body: .init(byteBuffer: yaml))
        }
        router.get("/api/v0/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: json))
        }
    }
}
