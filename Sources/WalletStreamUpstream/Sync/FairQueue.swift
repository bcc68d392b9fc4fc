import DequeModule

/// A queue that takes turns between clients: each client's items wait in their own order, and
/// the next item comes from the client after the one served last. A client that queues many
/// syncs cannot make another wait behind all of them.
struct FairQueue<Element> {
    private var queues: [String: Deque<Element>] = [:]
    /// Clients with items, in turn order; the next item comes from the first.
    private var turns = Deque<String>()

    var count: Int { queues.values.reduce(0) { $0 + $1.count } }
    var isEmpty: Bool { turns.isEmpty }

    mutating func append(_ element: Element, client: String) {
        if queues[client, default: []].isEmpty { turns.append(client) }
        queues[client, default: []].append(element)
    }

    mutating func popFirst() -> Element? {
        guard let client = turns.popFirst(), var queue = queues[client], let element = queue.popFirst() else {
            return nil
        }
        if queue.isEmpty {
            queues[client] = nil
        } else {
            queues[client] = queue
            turns.append(client)
        }
        return element
    }

    /// Every element in the order ``popFirst()`` would return them.
    var inServiceOrder: [Element] {
        var copy = self
        var order: [Element] = []
        while let next = copy.popFirst() { order.append(next) }
        return order
    }

    mutating func removeAll() {
        queues.removeAll()
        turns.removeAll()
    }
}
