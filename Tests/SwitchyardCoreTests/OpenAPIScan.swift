import Foundation

/// Reads, without a YAML library, which properties of each schema under
/// `components.schemas` the contract marks `writeOnly: true`.
///
/// It understands the YAML the contract is written in: block mappings nested by indentation
/// (spaces), `#` comments, and a property written either as a one-line flow mapping
/// (`password: { type: string, writeOnly: true }`) or as a block below its name
/// (`password:` then `writeOnly: true` one level deeper). Properties reached only through
/// `allOf`/`$ref` are not followed; the contract declares each settings object's fields in
/// its own schema.
struct OpenAPIScan {
    private struct Line {
        let indent: Int
        let text: String
    }

    private let lines: [Line]

    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { raw in
            let indent = raw.prefix(while: { $0 == " " }).count
            let text = Self.withoutComment(String(raw.dropFirst(indent))).trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? nil : Line(indent: indent, text: text)
        }
    }

    /// Schema name → names of its properties marked `writeOnly: true`.
    func writeOnlyProperties() -> [String: Set<String>] {
        guard let components = children(ofKey: "components", in: 0..<lines.count, indent: 0),
            let schemas = children(ofKey: "schemas", in: components)
        else { return [:] }
        var result: [String: Set<String>] = [:]
        for (schema, body) in entries(in: schemas) {
            var marked = Set<String>()
            if let properties = children(ofKey: "properties", in: body) {
                for (property, block) in entries(in: properties) where isWriteOnly(block) {
                    marked.insert(property)
                }
            }
            result[schema] = marked
        }
        return result
    }

    /// A property (the line before `block`) is write-only when its flow mapping, or its block
    /// one level deeper, says so.
    private func isWriteOnly(_ block: Range<Int>) -> Bool {
        let header = lines[block.lowerBound - 1].text
        let value = header.drop(while: { $0 != ":" }).dropFirst().trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("{") && value.hasSuffix("}") {
            return Self.flowMembers(String(value.dropFirst().dropLast()))["writeOnly"] == "true"
        }
        let depth = block.isEmpty ? 0 : lines[block.lowerBound].indent
        return block.contains { lines[$0].indent == depth && lines[$0].text.replacingOccurrences(of: " ", with: "") == "writeOnly:true" }
    }

    /// The lines below `key:` (found at `indent`, or at the range's own first indent) that
    /// are indented deeper than it.
    private func children(ofKey key: String, in range: Range<Int>, indent: Int? = nil) -> Range<Int>? {
        guard let first = range.first else { return nil }
        let level = indent ?? lines[first].indent
        guard let index = range.first(where: { lines[$0].indent == level && lines[$0].text == "\(key):" }) else {
            return nil
        }
        return block(after: index, within: range)
    }

    /// Each `name:` line at the range's first indent, with the lines nested under it.
    private func entries(in range: Range<Int>) -> [(String, Range<Int>)] {
        guard let first = range.first else { return [] }
        let level = lines[first].indent
        return range.filter { lines[$0].indent == level }.compactMap { index in
            guard let colon = lines[index].text.firstIndex(of: ":") else { return nil }
            let name = String(lines[index].text[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            return (name, block(after: index, within: range))
        }
    }

    private func block(after index: Int, within range: Range<Int>) -> Range<Int> {
        let end = range[(index + 1)...].first(where: { lines[$0].indent <= lines[index].indent }) ?? range.upperBound
        return (index + 1)..<end
    }

    /// `a: b, c: { d: e }` → ["a": "b", "c": "{ d: e }"], splitting only at top-level commas.
    static func flowMembers(_ text: String) -> [String: String] {
        var members: [String: String] = [:]
        var depth = 0
        var quote: Character?
        var current = ""
        func flush() {
            let parts = current.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { members[parts[0]] = parts[1] }
            current = ""
        }
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if "{[".contains(character) {
                depth += 1
            } else if "}]".contains(character) {
                depth -= 1
            } else if character == ",", depth == 0 {
                flush()
                continue
            }
            current.append(character)
        }
        flush()
        return members
    }

    /// The line without a trailing `# comment` (a `#` outside quotes, after a space or at the start).
    private static func withoutComment(_ text: String) -> String {
        var quote: Character?
        var previous: Character = " "
        for (offset, character) in text.enumerated() {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == "#", previous == " " {
                return String(text.prefix(offset))
            }
            previous = character
        }
        return text
    }
}
