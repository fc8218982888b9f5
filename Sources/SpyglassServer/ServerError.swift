import Hummingbird

/// A request the server refuses, with the HTTP status it maps to. Rendered as `{"error": "…"}`.
enum ServerError: Error, Equatable, CustomStringConvertible {
    /// Malformed body, bad query value, undecodable image, bad v2 JSON.
    case badRequest(String)
    case unknownModel(String)
    case unknownVersion(model: String, version: String)
    case noRoute(method: String, path: String)
    case bodyTooLarge(limit: Int)
    case imageTooLarge(String)
    case overloaded(capacity: Int)
    case shuttingDown
    case unauthorized(String)
    case unsupportedMediaType(String)
    case internalError(String)

    var status: HTTPResponse.Status {
        switch self {
        case .badRequest: return .badRequest
        case .unknownModel, .unknownVersion, .noRoute: return .notFound
        case .bodyTooLarge, .imageTooLarge: return .contentTooLarge
        case .overloaded, .shuttingDown: return .serviceUnavailable
        case .unauthorized: return .unauthorized
        case .unsupportedMediaType: return .unsupportedMediaType
        case .internalError: return .internalServerError
        }
    }

    var description: String {
        switch self {
        case .badRequest(let m): return m
        case .unknownModel(let n): return "unknown model '\(n)'"
        case .unknownVersion(let n, let v): return "model '\(n)' has no version '\(v)' (it has version 1)"
        case .noRoute(let m, let p): return "no route for \(m) \(p)"
        case .bodyTooLarge(let limit): return "request body is larger than the limit of \(limit) bytes"
        case .imageTooLarge(let m): return m
        case .overloaded(let c): return "server is at capacity: all \(c) inference slots (workers + queue) are taken; retry later"
        case .shuttingDown: return "server is shutting down"
        case .unauthorized(let m): return m
        case .unsupportedMediaType(let m): return m
        case .internalError(let m): return "internal error: \(m)"
        }
    }
}
