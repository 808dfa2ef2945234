import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's own storage, and the channel the
/// request came on, so that a statement can learn when its client has gone.
struct SwitchyardRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
