import NIOCore

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
