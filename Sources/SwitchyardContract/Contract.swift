import Foundation

/// The API contract as written (this folder's `openapi.yaml`, which the server's types
/// and stubs are generated from), kept as a resource so the server can serve it.
public enum APIContract {
    /// The text of `openapi.yaml`.
    public static func yaml() throws -> Data {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml") else {
            throw CocoaError(.fileNoSuchFile)
        }
        return try Data(contentsOf: url)
    }
}
