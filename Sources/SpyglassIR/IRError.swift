/// Errors raised while building, checking or inferring a graph. Each names the node involved.
public enum IRError: Error, Equatable, CustomStringConvertible, Sendable {
    case shape(node: String, message: String)
    case type(node: String, message: String)
    case invalidAttribute(node: String, message: String)
    case verification(message: String)
    case unboundDimension(input: String, dim: String)

    public var description: String {
        switch self {
        case .shape(let node, let m): return "shape error at \(node): \(m)"
        case .type(let node, let m): return "type error at \(node): \(m)"
        case .invalidAttribute(let node, let m): return "invalid attribute at \(node): \(m)"
        case .verification(let m): return "invalid graph: \(m)"
        case .unboundDimension(let input, let dim):
            return "input '\(input)' has symbolic dimension '\(dim)' with no value bound to it"
        }
    }
}
