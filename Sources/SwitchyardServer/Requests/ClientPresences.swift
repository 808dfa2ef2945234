import NIOCore
import Synchronization

/// The presence of each open HTTP connection, found from the channel a request came on.
final class ClientPresences: Sendable {
    private let byChannel = Mutex<[ObjectIdentifier: ClientPresence]>([:])

    /// A new handler for a new connection's pipeline.
    func makeHandler() -> ClientPresenceHandler { ClientPresenceHandler(presences: self) }

    func presence(for channel: any Channel) -> ClientPresence? {
        byChannel.withLock { $0[ObjectIdentifier(channel)] }
    }

    func register(_ presence: ClientPresence, for channel: any Channel) {
        byChannel.withLock { $0[ObjectIdentifier(channel)] = presence }
    }

    func remove(_ channel: any Channel) {
        byChannel.withLock { _ = $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }
}
