import Metrics
import Prometheus

/// The test process's one metrics registry: bootstrapping the metrics system can happen once per
/// process, so every test that reads metrics shares it and asserts lower bounds only. Metrics
/// objects made before the first use of ``registry`` stay silent; the components a metrics test
/// reads are made after it.
enum TestMetrics {
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// The value of the sample `name` whose labels include every one of `labels`; nil when none.
    static func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        let text = String(decoding: buffer, as: UTF8.self)
        var total: Double?
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            guard parts.count >= 2, let value = Double(parts[parts.count - 1]) else { continue }
            let series = parts[0]
            let bare = series.split(separator: "{", maxSplits: 1).first.map(String.init) ?? ""
            guard bare == name else { continue }
            guard labels.allSatisfy({ series.contains("\($0.key)=\"\($0.value)\"") }) else { continue }
            total = (total ?? 0) + value
        }
        return total
    }
}
