import HTTPTypes

/// The API's paths and the methods each answers: what a 405 names in `Allow`.
struct RouteTable: Sendable {
    private struct Route: Sendable {
        /// Path segments; nil matches any one segment (a `:parameter`).
        var segments: [String?]
        var methods: [HTTPRequest.Method]
    }

    private var routes: [Route] = []

    /// Records that `path` (with `:name` parameters) answers `methods`.
    mutating func add(_ path: String, _ methods: HTTPRequest.Method...) {
        let segments = path.split(separator: "/").map { $0.hasPrefix(":") ? nil : String($0) }
        routes.append(Route(segments: segments, methods: methods))
    }

    /// The methods `path` answers (`HEAD` with every `GET`), or nil when no route has that path.
    func methods(for path: String) -> [HTTPRequest.Method]? {
        let segments = path.split(separator: "/")
        var methods: [HTTPRequest.Method] = []
        for route in routes where route.segments.count == segments.count {
            let matches = zip(route.segments, segments).allSatisfy { pattern, segment in
                pattern.map { $0 == segment } ?? true
            }
            if matches { methods += route.methods }
        }
        guard !methods.isEmpty else { return nil }
        if methods.contains(.get) { methods.append(.head) }
        return methods + [.options]
    }
}
