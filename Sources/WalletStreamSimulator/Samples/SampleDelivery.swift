import Foundation

/// Webhook deliveries made of the sample wallet's real Helius transactions: its first swap under
/// another signature, slot and time, every other field as Helius sent it. What the tests and
/// `bench follow` post to `POST /v4/webhooks/helius` as new (or late) trades.
public enum SampleDelivery {
    /// Where a copy of the swap lands in the wallet's order.
    public struct Placement: Sendable {
        public var signature: String
        public var slot: Int
        public var timestamp: Int

        /// By default after the sample wallet's whole history (its last trade is on 2025-06-28).
        public init(signature: String, slot: Int = 349_900_000, timestamp: Int = 1_751_200_000) {
            self.signature = signature
            self.slot = slot
            self.timestamp = timestamp
        }
    }

    public struct Unreadable: Error, CustomStringConvertible {
        public var description: String
    }

    /// A JSON array with one copy of the sample's first swap per placement, the sample read from
    /// `path` (`enhanced-transactions-3JoVBiQE.json` of the shared data).
    public static func swaps(_ placements: [Placement], from path: String) throws -> [UInt8] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let all = try JSONSerialization.jsonObject(with: data) as? [[String: Any]],
            let swap = all.first(where: { $0["type"] as? String == "SWAP" })
        else { throw Unreadable(description: "no swap in \(path)") }
        let copies = placements.map { placement in
            var copy = swap
            copy["signature"] = placement.signature
            copy["slot"] = placement.slot
            copy["timestamp"] = placement.timestamp
            return copy
        }
        return Array(try JSONSerialization.data(withJSONObject: copies))
    }
}
