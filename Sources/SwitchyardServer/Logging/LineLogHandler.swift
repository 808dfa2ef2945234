import Logging

/// How one log line is written from its event and the logger's metadata.
public protocol LogLineFormat: Sendable {
    /// The line without its newline.
    static func line(label: String, event: LogEvent, metadata: Logger.Metadata) -> String
    /// Where lines go unless the handler is given another place.
    static var standardWrite: @Sendable (String) -> Void { get }
}

/// A log handler that writes one line per event in `Format`; metadata is only formatted when
/// a line is written (every request sets its ids, and most write no line).
public struct LineLogHandler<Format: LogLineFormat>: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String
    private let write: @Sendable (String) -> Void

    /// `write` receives each line without its newline.
    public init(label: String, write: @escaping @Sendable (String) -> Void = Format.standardWrite) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let all = event.metadata.map { metadata.merging($0, uniquingKeysWith: { $1 }) } ?? metadata
        write(Format.line(label: label, event: event, metadata: all))
    }
}
