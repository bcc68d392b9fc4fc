import ArgumentParser

/// File formats `walletstream stream --output` writes trades in.
enum TradeFileFormat: String, CaseIterable, ExpressibleByArgument {
    /// One trade JSON object per line, exactly the API's trade form.
    case ndjson
    /// RFC 4180 CSV with a header row; token legs flattened into columns.
    case csv
}
