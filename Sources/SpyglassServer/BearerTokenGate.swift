import Hummingbird

/// With `--token`, every route except the web page and the health probes needs
/// `Authorization: Bearer <token>`; anything else gets 401 before the handler runs.
struct BearerTokenGate<Context: RequestContext>: RouterMiddleware {
    let expected: [UInt8]
    /// Route patterns reachable without a token (probes must work without secrets; the page asks for it).
    static var openRoutes: Set<String> { ["/", "/v2/health/live", "/v2/health/ready"] }

    init(token: String) { expected = Array(token.utf8) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let route = context.endpointPath, Self.openRoutes.contains(route) {
            return try await next(request, context)
        }
        guard let header = request.headers[.authorization] else {
            throw ServerError.unauthorized("missing bearer token (send Authorization: Bearer <token>)")
        }
        let prefix = "bearer "
        guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix else {
            throw ServerError.unauthorized("the Authorization header must use the Bearer scheme")
        }
        let given = Array(header.dropFirst(prefix.count).utf8)
        guard Self.constantTimeEquals(expected: expected, given: given) else {
            throw ServerError.unauthorized("wrong bearer token")
        }
        return try await next(request, context)
    }

    /// Compares without an early exit: the time taken depends only on the length of the secret,
    /// never on where the first differing byte is.
    static func constantTimeEquals(expected: [UInt8], given: [UInt8]) -> Bool {
        var difference: UInt8 = expected.count == given.count ? 0 : 1
        for i in 0..<expected.count {
            let g = i < given.count ? given[i] : ~expected[i]
            difference |= expected[i] ^ g
        }
        return difference == 0
    }
}
