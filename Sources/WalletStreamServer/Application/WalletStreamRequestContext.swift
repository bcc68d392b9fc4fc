import Hummingbird
import NIOCore

/// Request context that keeps the connection's channel, so a stream can notice at once that
/// its client went away instead of waiting for the next write to fail.
public struct WalletStreamRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection's channel (a stream's writer runs on its event loop).
    public let channel: any Channel
    /// Who the request counts for (set by ``AuthMiddleware``); nil on open paths with auth on.
    var client: ClientIdentity?
    /// Set when the request was taken past Hummingbird's connection task (``FollowDetour``):
    /// a following stream parks its live part there.
    var detour: DetouredStream?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
