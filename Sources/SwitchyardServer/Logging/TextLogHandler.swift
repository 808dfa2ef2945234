#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// The default log lines, as swift-log's `StreamLogHandler` writes them to standard output
/// (`2026-11-30T01:34:14+0000 info switchyard : request_id=… [Module] message`).
public typealias TextLogHandler = LineLogHandler<TextLines>

public enum TextLines: LogLineFormat {
    public static func line(label: String, event: LogEvent, metadata: Logger.Metadata) -> String {
        let pairs = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let shown = pairs.isEmpty ? "" : " " + pairs
        return "\(timestamp()) \(event.level) \(label) :\(shown) [\(event.source)] \(event.message)"
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
    public static let standardWrite: @Sendable (String) -> Void = { line in
        var line = line + "\n"
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
