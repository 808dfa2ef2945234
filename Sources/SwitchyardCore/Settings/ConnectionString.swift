import Foundation

/// A libpq connection string, in either of its forms: a `postgresql://` URI or `key=value`
/// pairs. Parsed only far enough to find, and remove, the password it carries.
public struct ConnectionString: Sendable, Equatable {
    public private(set) var text: String
    /// The password, from the URI's user info, a `password` query parameter or a `password=` pair.
    public private(set) var password: String?

    public init?(_ text: String) {
        self.text = text
        if Self.isURI(text) {
            guard Self.uriParts(text) != nil else { return nil }
            self.password = Self.uriPassword(text)
        } else {
            guard let pairs = Self.pairs(text) else { return nil }
            self.password = pairs.first(where: { $0.key == "password" })?.value
        }
    }

    /// Every parameter the string sets, under libpq's keywords: `host`, `port`, `dbname`,
    /// `user`, `password`, and any others (`sslmode`, …) as written.
    public var parameters: [String: String] {
        guard Self.isURI(text), let parts = Self.uriParts(text) else {
            return Dictionary((Self.pairs(text) ?? []).map { ($0.key, $0.value) }) { $1 }
        }
        var result: [String: String] = [:]
        for item in Self.queryItems(parts.rest) { result[item.key] = item.value }
        if let userInfo = parts.userInfo {
            let user = String(userInfo.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[0])
            result["user"] = user.removingPercentEncoding ?? user
        }
        if let password { result["password"] = password }
        let hostAndPath = parts.rest.prefix(while: { $0 != "?" && $0 != "#" })
        let hostPort = hostAndPath.prefix(while: { $0 != "/" })
        let path = hostAndPath.dropFirst(hostPort.count).dropFirst()
        if !path.isEmpty { result["dbname"] = String(path).removingPercentEncoding ?? String(path) }
        if hostPort.hasPrefix("[") {  // [ipv6]:port
            let close = hostPort.firstIndex(of: "]") ?? hostPort.endIndex
            result["host"] = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[close...].dropFirst()
            if after.hasPrefix(":") { result["port"] = String(after.dropFirst()) }
        } else if !hostPort.isEmpty {
            let pieces = hostPort.split(separator: ":", maxSplits: 1)
            result["host"] = String(pieces[0]).removingPercentEncoding ?? String(pieces[0])
            if pieces.count > 1 { result["port"] = String(pieces[1]) }
        }
        return result
    }

    /// The same string without its password; everything else is kept as written.
    public var withoutPassword: ConnectionString {
        guard password != nil else { return self }
        var copy = self
        copy.password = nil
        if Self.isURI(text) {
            copy.text = Self.uriWithoutPassword(text)
        } else {
            copy.text = (Self.pairs(text) ?? [])
                .filter { $0.key != "password" }
                .map { "\($0.key)=\(Self.quoted($0.value))" }
                .joined(separator: " ")
        }
        return copy
    }

    /// The URI's parts around its user info: `scheme://`, `user[:password]@`, `host/…?query`.
    private static func uriParts(_ text: String) -> (prefix: Substring, userInfo: Substring?, rest: Substring)? {
        guard let schemeEnd = text.range(of: "://") else { return nil }
        let afterScheme = text[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else {
            return (text[..<schemeEnd.upperBound], nil, afterScheme)
        }
        return (text[..<schemeEnd.upperBound], authority[..<at], afterScheme[authority.index(after: at)...])
    }

    private static func isURI(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    private static func uriPassword(_ text: String) -> String? {
        guard let parts = uriParts(text) else { return nil }
        if let userInfo = parts.userInfo, let colon = userInfo.firstIndex(of: ":") {
            let encoded = String(userInfo[userInfo.index(after: colon)...])
            return encoded.removingPercentEncoding ?? encoded
        }
        return queryItems(parts.rest).first(where: { $0.key == "password" })?.value
    }

    private static func uriWithoutPassword(_ text: String) -> String {
        guard let parts = uriParts(text) else { return text }
        var result = String(parts.prefix)
        if let userInfo = parts.userInfo {
            result += String(userInfo.split(separator: ":", maxSplits: 1).first ?? "") + "@"
        }
        guard let question = parts.rest.firstIndex(of: "?") else { return result + parts.rest }
        result += parts.rest[..<question]
        let kept = queryItems(parts.rest).filter { $0.key != "password" }.map { "\($0.key)=\($0.raw)" }
        return kept.isEmpty ? result : result + "?" + kept.joined(separator: "&")
    }

    private static func queryItems(_ rest: Substring) -> [(key: String, value: String, raw: Substring)] {
        guard let question = rest.firstIndex(of: "?") else { return [] }
        let query = rest[rest.index(after: question)...].prefix(while: { $0 != "#" })
        return query.split(separator: "&").map { item in
            let parts = item.split(separator: "=", maxSplits: 1)
            let raw = parts.count > 1 ? parts[1] : ""
            return (String(parts[0]), String(raw).removingPercentEncoding ?? String(raw), raw)
        }
    }

    /// `key=value` pairs separated by spaces; values may be single-quoted with `\` escapes.
    private static func pairs(_ text: String) -> [(key: String, value: String)]? {
        var result: [(key: String, value: String)] = []
        var index = text.startIndex
        func skipSpaces() { while index < text.endIndex, text[index].isWhitespace { index = text.index(after: index) } }
        skipSpaces()
        while index < text.endIndex {
            let keyStart = index
            while index < text.endIndex, text[index] != "=", !text[index].isWhitespace { index = text.index(after: index) }
            let key = String(text[keyStart..<index])
            skipSpaces()
            guard !key.isEmpty, index < text.endIndex, text[index] == "=" else { return nil }
            index = text.index(after: index)
            skipSpaces()
            var value = ""
            if index < text.endIndex, text[index] == "'" {
                index = text.index(after: index)
                var closed = false
                while index < text.endIndex {
                    let character = text[index]
                    index = text.index(after: index)
                    if character == "\\", index < text.endIndex {
                        value.append(text[index])
                        index = text.index(after: index)
                    } else if character == "'" {
                        closed = true
                        break
                    } else {
                        value.append(character)
                    }
                }
                guard closed else { return nil }
            } else {
                while index < text.endIndex, !text[index].isWhitespace {
                    value.append(text[index])
                    index = text.index(after: index)
                }
            }
            result.append((key, value))
            skipSpaces()
        }
        return result.isEmpty ? nil : result
    }

    private static func quoted(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { $0.isWhitespace || $0 == "'" || $0 == "\\" }) else { return value }
        return "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }
}
