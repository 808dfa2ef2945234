import Foundation

/// Text percent-encoded for URLs, in one place for every HTTP driver: only RFC 3986's
/// unreserved ASCII characters stay as they are (`CharacterSet.alphanumerics` would also let
/// non-ASCII letters through unencoded).
public enum URLText {
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// One path segment, query value or form value.
    public static func component(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// `name=value&…`, values encoded.
    public static func query(_ pairs: [(String, String)]) -> String {
        pairs.map { $0 + "=" + component($1) }.joined(separator: "&")
    }
}
