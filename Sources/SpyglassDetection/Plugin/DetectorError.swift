/// Errors from choosing a plugin, decoding outputs or running the detection pipeline.
public enum DetectorError: Error, Equatable, CustomStringConvertible, Sendable {
    /// No registered plugin recognises the graph (e.g. a classifier with no detection output).
    case noDetectionHead(graph: String, registered: [String])
    case unknownPlugin(name: String, registered: [String])
    /// The named plugin does not recognise this graph.
    case pluginMismatch(plugin: String, graph: String, reason: String)
    /// A model feature the plugin does not implement (e.g. YOLO9000's softmax tree).
    case unsupported(node: String, message: String)
    /// An output tensor is missing or has the wrong size.
    case badOutput(node: String, message: String)
    /// The graph cannot be fed an image (no single rank-4 input, or an unbound size).
    case badInput(graph: String, message: String)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .noDetectionHead(let g, let r):
            let list = r.isEmpty ? "none registered" : r.joined(separator: ", ")
            return "graph '\(g)' has no detection head any plugin recognises (plugins: \(list))"
        case .unknownPlugin(let n, let r):
            return "unknown detector plugin '\(n)' (registered: \(r.isEmpty ? "none" : r.joined(separator: ", ")))"
        case .pluginMismatch(let p, let g, let why): return "plugin '\(p)' cannot interpret graph '\(g)': \(why)"
        case .unsupported(let n, let m): return "unsupported detector output at \(n): \(m)"
        case .badOutput(let n, let m): return "bad detector output at \(n): \(m)"
        case .badInput(let g, let m): return "graph '\(g)' cannot take an image: \(m)"
        case .invalidArgument(let m): return m
        }
    }
}
