/// What one run of a pass did: whether the graph changed, and exactly what (node and tensor names),
/// including what it chose not to do and why.
public struct PassReport: CustomStringConvertible, Sendable {
    public var pass: String
    public var changed: Bool
    public var details: [String]

    public init(pass: String, changed: Bool, details: [String] = []) {
        self.pass = pass; self.changed = changed; self.details = details
    }

    public var description: String {
        let head = "\(pass): \(changed ? "changed" : "no change")"
        return details.isEmpty ? head : head + "\n" + details.map { "  - \($0)" }.joined(separator: "\n")
    }
}

/// Errors a pass raises instead of producing an invalid graph.
public enum PassError: Error, CustomStringConvertible, Equatable, Sendable {
    /// `keep-outputs` was given names that are not tensors of the graph.
    case unknownTensors(names: [String], closeMatches: [String])
    case emptyOutputs
    /// A node's constant inputs are not what its op needs (wrong dtype or shape).
    case invalidConstant(node: String, message: String)

    public var description: String {
        switch self {
        case .unknownTensors(let names, let close):
            let list = names.map { "'\($0)'" }.joined(separator: ", ")
            if close.isEmpty { return "no tensor named \(list) in the graph" }
            return "no tensor named \(list) in the graph; close matches: \(close.joined(separator: ", "))"
        case .emptyOutputs:
            return "keep-outputs needs at least one tensor name"
        case .invalidConstant(let node, let m):
            return "node '\(node)': \(m)"
        }
    }
}
