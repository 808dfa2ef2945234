import Foundation

/// Writing to the terminal or a pipe: answers on standard output, progress and failures on
/// standard error.
enum Output {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func write<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        FileHandle.standardOutput.write(Data(bytes))
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// An answer's JSON, indented, keys sorted.
    static func json(_ body: [UInt8]) {
        if let value = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]),
            let pretty = try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        {
            write(bytes: pretty)
            write("\n")
        } else {
            write(bytes: body)
            write("\n")
        }
    }

    static var errorIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
    static var inputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
}
