/// One event dispatched by ``SSEParser``, as the WHATWG EventSource spec defines it.
public struct SSEEvent: Sendable, Hashable {
    /// The `event:` field, or `"message"` when the event had none.
    public var type: String
    /// The `data:` lines joined with `"\n"`.
    public var data: String
    /// The last event ID when the event was dispatched: this event's `id:` or one persisted from
    /// an earlier event; empty when none was ever set (as in the spec's `lastEventId`).
    public var lastEventID: String

    public init(type: String = "message", data: String, lastEventID: String = "") {
        self.type = type
        self.data = data
        self.lastEventID = lastEventID
    }
}
