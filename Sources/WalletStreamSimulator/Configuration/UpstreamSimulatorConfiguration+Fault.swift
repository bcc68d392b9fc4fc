import WalletStreamCore

extension UpstreamSimulatorConfiguration {
    /// A scripted fault: what goes wrong, on which API, and for which requests.
    public struct Fault: Sendable, Hashable {
        /// What the simulator does instead of a normal answer.
        public enum Kind: Sendable, Hashable {
            /// 429 with `Retry-After: <seconds>`.
            case rateLimited(retryAfter: Int)
            /// An error status (500, 502, 503, …) with a small JSON body.
            case serverError(status: Int)
            /// Waits `delay`, then answers normally (use a delay past the client's timeout).
            case slow(Duration)
            /// Closes the connection without writing a response.
            case dropConnection
            /// 200 whose body is the first half of the real JSON answer (well framed, so the
            /// client sees a complete HTTP response with unparsable JSON).
            case truncatedBody
            /// 200 with `Content-Type: application/json` and a body that is not JSON.
            case malformedJSON
        }

        /// Which requests of the targeted API get the fault. Counting is per API and starts
        /// at 1 with the first request that API receives after the fault was added.
        public enum Schedule: Sendable, Hashable {
            /// The next `k` requests.
            case next(Int)
            /// Every `n`-th request (n, 2n, 3n, …), forever.
            case every(Int)
        }

        public var kind: Kind
        /// The API it applies to; nil for both.
        public var api: UpstreamAPI?
        public var schedule: Schedule

        /// A fault of `kind` on `api` (nil: both) for the requests `schedule` selects.
        public init(_ kind: Kind, api: UpstreamAPI? = nil, schedule: Schedule = .next(1)) {
            self.kind = kind
            self.api = api
            self.schedule = schedule
        }
    }
}
