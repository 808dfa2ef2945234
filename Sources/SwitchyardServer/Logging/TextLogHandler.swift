#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// The default log lines, as swift-log's `StreamLogHandler` writes them to standard output
/// (`2026-11-30T01:34:14+0000 info switchyard : request_id=… [Module] message`), with the
/// metadata formatted when a line is written rather than each time it changes: every request
/// sets its own ids, and most requests write no line at all.
public struct TextLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let write: @Sendable (String) -> Void

    /// `write` receives each whole line with its newline; by default it goes to standard output.
    public init(label: String, write: @escaping @Sendable (String) -> Void = TextLogHandler.standardOutput) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let all = event.metadata.map { metadata.merging($0, uniquingKeysWith: { $1 }) } ?? metadata
        let pairs = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let shown = pairs.isEmpty ? "" : " " + pairs
        write("\(Self.timestamp()) \(event.level) \(label) :\(shown) [\(event.source)] \(event.message)\n")
    }

    private static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// One `write` per line, so that lines from different threads never interleave.
    public static let standardOutput: @Sendable (String) -> Void = { line in
        var line = line
        line.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                guard written > 0 else { return }
                offset += written
            }
        }
    }
}
