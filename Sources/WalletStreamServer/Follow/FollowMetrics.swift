import Metrics

/// Following's Prometheus metrics: followers open, polls run, webhook trades stored.
struct FollowMetrics: Sendable {
    let followers = Meter(label: "walletstream_followers")
    let polls = Counter(label: "walletstream_follow_polls_total")
    let corrections = Counter(label: "walletstream_follow_corrections_total")
    let webhookTrades = Counter(label: "walletstream_webhook_trades_total")
}
