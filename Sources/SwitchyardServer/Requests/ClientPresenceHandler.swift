import NIOCore
import Synchronization

/// Sits in every HTTP connection's pipeline and marks the connection's `ClientPresence`
/// departed when the client shuts its side (the server allows half-closed connections, so
/// that alone does not close the channel), or the channel closes or fails.
final class ClientPresenceHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    typealias InboundOut = NIOAny

    private let presences: ClientPresences
    private let presence = ClientPresence()

    init(presences: ClientPresences) { self.presences = presences }

    func handlerAdded(context: ChannelHandlerContext) {
        presences.register(presence, for: context.channel)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        presences.remove(context.channel)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .some(.inputClosed) = event as? ChannelEvent { presence.markDeparted() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        presence.markDeparted()
        presences.remove(context.channel)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        presence.markDeparted()
        context.fireErrorCaught(error)
    }
}

/// The presence of each open HTTP connection, found from the channel a request came on.
final class ClientPresences: Sendable {
    private let byChannel = Mutex<[ObjectIdentifier: ClientPresence]>([:])

    /// A new handler for a new connection's pipeline.
    func makeHandler() -> ClientPresenceHandler { ClientPresenceHandler(presences: self) }

    func presence(for channel: any Channel) -> ClientPresence? {
        byChannel.withLock { $0[ObjectIdentifier(channel)] }
    }

    fileprivate func register(_ presence: ClientPresence, for channel: any Channel) {
        byChannel.withLock { $0[ObjectIdentifier(channel)] = presence }
    }

    fileprivate func remove(_ channel: any Channel) {
        byChannel.withLock { _ = $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }
}
