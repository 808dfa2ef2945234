import Foundation
import Logging

/// Log lines as JSON objects, one per line (`SWITCHYARD_LOG_FORMAT=json`), for collectors that
/// index fields: `time` (ISO 8601, UTC), `level`, `label`, `message`, and every metadata value
/// (a request's `request_id`, `method`, `path`, `status`, …) as a field of its own.
public typealias JSONLogHandler = LineLogHandler<JSONLines>

public enum JSONLines: LogLineFormat {
    public static func line(label: String, event: LogEvent, metadata: Logger.Metadata) -> String {
        var object: [String: Any] = [:]
        for (key, value) in metadata { object[key] = plain(value) }
        object["time"] = Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        object["level"] = event.level.rawValue
        object["label"] = label
        object["message"] = event.message.description
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return #"{"message":"a log line could not be written as JSON"}"# }
        return String(decoding: data, as: UTF8.self)
    }

    /// Metadata as JSON values: strings, arrays and objects as they are.
    private static func plain(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): values.map(plain)
        case .dictionary(let values): values.mapValues(plain)
        }
    }

    public static let standardWrite: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
