import WalletStreamCore

/// A validated stream request.
struct StreamRequest: Sendable {
    var wallet: WalletAddress
    var batchSize: Int
    /// Resume point from `Last-Event-ID` or `last_event_id`.
    var resumeAfter: TradeCursor?
    var resumeText: String?
    /// After the history, stay open and send new trades as they are stored (`follow=true`).
    var follow = false
}
