import HTTPTypes
import Hummingbird
import NIOCore

/// The dashboard: one page (`GET /`, and `GET /wallet/{address}` for a link to a wallet) and
/// its script and style sheet, compiled into the binary (`Dashboard/Assets`), so the server
/// serves it offline. The page only talks to this server's API; its Content-Security-Policy
/// allows nothing else, and its script builds every untrusted string (symbols, names) as text.
struct DashboardController: Sendable {
    static let policy =
        "default-src 'self'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; "
        + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

    private static let page = ByteBuffer(bytes: PackageResources.index_html)
    private static let script = ByteBuffer(bytes: PackageResources.dashboard_js)
    private static let style = ByteBuffer(bytes: PackageResources.dashboard_css)

    func page(_ request: Request, context: WalletStreamRequestContext) -> Response {
        Self.asset(Self.page, type: "text/html; charset=utf-8")
    }

    func script(_ request: Request, context: WalletStreamRequestContext) -> Response {
        Self.asset(Self.script, type: "text/javascript; charset=utf-8")
    }

    func style(_ request: Request, context: WalletStreamRequestContext) -> Response {
        Self.asset(Self.style, type: "text/css; charset=utf-8")
    }

    private static func asset(_ bytes: ByteBuffer, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.contentSecurityPolicy] = policy
        headers[.xContentTypeOptions] = "nosniff"
        // A new binary may ship a new dashboard: revalidate rather than cache for long.
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: bytes))
    }
}
