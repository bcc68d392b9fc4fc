import Hummingbird
import NIOCore
import WalletStreamCore

/// Request context that keeps the connection's channel, so a fault can close it without
/// writing a response.
struct SimulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
