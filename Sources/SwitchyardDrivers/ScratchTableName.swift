import Foundation

/// Names of the tables `sqlTemporaryTable` makes on engines whose temporary tables live in one
/// session only (PostgreSQL, MySQL): ordinary tables, readable from every pooled session, whose
/// name carries their expiry, so that a later call can find and drop the expired ones without
/// any bookkeeping of its own.
public struct ScratchTableName: Sendable, Equatable {
    /// `tmp_<expiry, Unix seconds>_<random hex>` with the engine's `prefix` before it.
    public let text: String
    public let expiry: Int

    /// A new name for a table that expires `lifetime` from now.
    public init(prefix: String, lifetime: Duration, now: Date = Date()) {
        expiry = Int(now.timeIntervalSince1970) + Int(lifetime.components.seconds)
        text = prefix + "tmp_\(expiry)_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
    }

    /// The name `text` read back, or nil when it is not one of ours.
    public init?(parsing text: String, prefix: String) {
        guard text.hasPrefix(prefix) else { return nil }
        let parts = text.dropFirst(prefix.count).split(separator: "_")
        guard parts.count == 3, parts[0] == "tmp", let expiry = Int(parts[1]) else { return nil }
        self.text = text
        self.expiry = expiry
    }

    public func hasExpired(at now: Date = Date()) -> Bool { expiry < Int(now.timeIntervalSince1970) }
}
