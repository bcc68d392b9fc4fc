import Foundation

/// A TradingView UDF `history` answer: `{"s":"ok","t":[…],"c":[…],…}`, `{"s":"no_data"}`, or
/// `{"s":"error","errmsg":"…"}`. Only times and closes are read.
struct UDFHistoryResponse: Decodable {
    var s: String
    var t: [Int64]?
    var c: [Decimal]?
    var errmsg: String?
}
