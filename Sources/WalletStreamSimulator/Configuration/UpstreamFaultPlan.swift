import Synchronization
import WalletStreamCore
import WalletStreamIngest

/// Decides, request by request, whether the simulator answers normally or injects a fault;
/// keeps the counters. Thread-safe.
final class UpstreamFaultPlan: Sendable {
    /// What to do with one request.
    enum Decision: Sendable, Equatable {
        case proceed
        case fault(UpstreamSimulatorConfiguration.Fault.Kind)
    }

    private struct ScriptEntry {
        var fault: UpstreamSimulatorConfiguration.Fault
        /// Requests of the targeted API(s) seen since the entry was added.
        var seen = 0
        var fired = 0
    }

    private struct State {
        var counters = UpstreamSimulatorCounters()
        var script: [ScriptEntry]
        var buckets: [UpstreamAPI: TokenBucket] = [:]
        var random: SplitMix64
    }

    private let state: Mutex<State>
    private let rateLimit: Double?
    private let failRate: Double

    init(configuration: UpstreamSimulatorConfiguration) {
        rateLimit = configuration.rateLimit
        failRate = configuration.failRate
        state = Mutex(
            State(
                script: configuration.faults.map { ScriptEntry(fault: $0) },
                random: SplitMix64(seed: configuration.seed ^ 0x4641_554C_5453)))
    }

    var counters: UpstreamSimulatorCounters { state.withLock { $0.counters } }

    func add(_ fault: UpstreamSimulatorConfiguration.Fault) {
        state.withLock { $0.script.append(ScriptEntry(fault: fault)) }
    }

    func clear() {
        state.withLock { $0.script.removeAll() }
    }

    func record(_ update: @Sendable (inout UpstreamSimulatorCounters) -> Void) {
        state.withLock { update(&$0.counters) }
    }

    /// Counts the request and picks its fate: token bucket, then the script, then `failRate`.
    /// Requests refused by the bucket do not advance the script.
    func admit(_ api: UpstreamAPI, now: ContinuousClock.Instant) -> Decision {
        state.withLock { state in
            switch api {
            case .rpc: state.counters.rpcRequests += 1
            case .helius: state.counters.heliusRequests += 1
            case .prices: state.counters.priceRequests += 1
            }
            if let rateLimit {
                var bucket = state.buckets[api] ?? TokenBucket(rate: rateLimit, now: now)
                let allowed = bucket.take(now: now)
                state.buckets[api] = bucket
                if !allowed {
                    state.counters.rateLimited += 1
                    return .fault(.rateLimited(retryAfter: 1))
                }
            }
            var scripted: UpstreamSimulatorConfiguration.Fault.Kind?
            for index in state.script.indices where state.script[index].fault.api.map({ $0 == api }) ?? true {
                state.script[index].seen += 1
                let entry = state.script[index]
                guard scripted == nil else { continue }
                switch entry.fault.schedule {
                case .next(let count):
                    if entry.fired < count {
                        state.script[index].fired += 1
                        scripted = entry.fault.kind
                    }
                case .every(let period):
                    if period > 0, entry.seen % period == 0 {
                        state.script[index].fired += 1
                        scripted = entry.fault.kind
                    }
                }
            }
            if let scripted {
                state.counters.faultsInjected += 1
                return .fault(scripted)
            }
            if failRate > 0, state.random.chance(failRate) {
                state.counters.faultsInjected += 1
                let statuses = [429, 500, 502, 503]
                let status = statuses[state.random.below(statuses.count)]
                return .fault(status == 429 ? .rateLimited(retryAfter: 1) : .serverError(status: status))
            }
            return .proceed
        }
    }
}
