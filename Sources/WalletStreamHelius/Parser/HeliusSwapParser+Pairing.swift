import WalletStreamCore

extension HeliusSwapParser {
    typealias Part = (mint: String, amount: Amount)

    /// Pairs what the wallet gave with what it received (see ``HeliusSwapParser``): one to one,
    /// or one to several split by counterparty, ordered by the mint of the larger side. nil when
    /// the pairing is ambiguous.
    func pair(gives: [Part], receives: [Part], flows: HeliusWalletFlows) -> [(sold: Part, bought: Part)]? {
        if gives.count == 1, receives.count == 1 { return [(gives[0], receives[0])] }
        let byMint: (Part, Part) -> Bool = { $0.mint.utf8.lexicographicallyPrecedes($1.mint.utf8) }
        if gives.count == 1 {
            let single = gives[0]
            let many = receives.sorted(by: byMint)
            guard let shares = split(single, among: many, flows: flows) else { return nil }
            return zip(many, shares).map { ((single.mint, $1), $0) }
        }
        if receives.count == 1 {
            let single = receives[0]
            let many = gives.sorted(by: byMint)
            guard let shares = split(single, among: many, flows: flows) else { return nil }
            return zip(many, shares).map { ($0, (single.mint, $1)) }
        }
        return nil
    }

    /// `single`'s amount divided among `many`: each gets the part of `single` that moved between
    /// the wallet and the accounts it exchanged that mint with. nil unless every part is positive
    /// and the parts add up to the whole.
    private func split(_ single: Part, among many: [Part], flows: HeliusWalletFlows) -> [Amount]? {
        var shares: [Amount] = []
        for part in many {
            let accounts = counterparties(of: part.mint, flows: flows)
            let moved = movements(of: single.mint, flows: flows).filter { accounts.contains($0.counterparty) }
            let total = moved.reduce(Int128(0)) { $0 + $1.amount }
            guard let share = amount(total.magnitude, of: single.mint), share.isPositive else { return nil }
            shares.append(share)
        }
        guard shares.reduce(Amount.zero, +) == single.amount else { return nil }
        return shares
    }

    private func counterparties(of mint: String, flows: HeliusWalletFlows) -> Set<String> {
        Mint.isSOL(mint) ? Set(flows.swapFlows.map(\.counterparty)) : flows.counterparties[mint] ?? []
    }

    private func movements(of mint: String, flows: HeliusWalletFlows) -> [HeliusWalletFlows.Flow] {
        Mint.isSOL(mint) ? flows.swapFlows : flows.tokenFlows[mint] ?? []
    }

    /// A flow magnitude as an amount: lamports for SOL, ``Amount/units`` for tokens.
    private func amount(_ magnitude: UInt128, of mint: String) -> Amount? {
        guard let value = Int128(exactly: magnitude) else { return nil }
        return Mint.isSOL(mint) ? Amount(baseUnits: value, decimals: 9) : Amount(units: value)
    }
}
