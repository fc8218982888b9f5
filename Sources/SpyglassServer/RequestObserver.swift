import Foundation
import Hummingbird
import Logging

/// Outermost middleware: turns every thrown error into a JSON error response with its status,
/// then records the request (metrics by route pattern and status, one log line).
struct RequestObserver<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = Self.errorResponse(for: error, request: request)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // Unmatched paths share one label so arbitrary URLs cannot create new metric series.
        let route = context.endpointPath.map { $0 == "NotFound" ? "unmatched" : $0 } ?? "unmatched"
        let status = Int(response.status.code)
        metrics.recordRequest(route: route, method: request.method.rawValue, status: status, seconds: seconds)
        if status == 503 { metrics.recordRejection() }
        logger.info("request", metadata: [
            "method": .string(request.method.rawValue),
            "route": .string(route),
            "path": .string(request.uri.path),
            "status": .stringConvertible(status),
            "ms": .string(String(format: "%.1f", seconds * 1000)),
        ])
        return response
    }

    static func errorResponse(for error: any Error, request: Request) -> Response {
        let status: HTTPResponse.Status
        let message: String
        var headers: HTTPFields = [:]
        switch error {
        case let e as ServerError:
            status = e.status
            message = e.description
            if e.status == .serviceUnavailable { headers[.retryAfter] = "1" }
            if e.status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        case let e as HTTPError:
            status = e.status
            message = e.status == .notFound
                ? ServerError.noRoute(method: request.method.rawValue, path: request.uri.path).description
                : (e.body ?? e.status.reasonPhrase)
        case let e as any HTTPResponseError:
            status = e.status
            message = e.status == .contentTooLarge ? "request body is too large" : e.status.reasonPhrase
        default:
            status = .internalServerError
            message = "internal error: \(error)"
        }
        return JSONBody.response(["error": message], status: status, headers: headers)
    }
}
