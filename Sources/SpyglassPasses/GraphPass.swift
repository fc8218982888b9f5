import SpyglassIR

/// A graph rewrite in the style of ONNX Runtime's rewrite rules: it names the ops it looks at,
/// checks each candidate cheaply, rewrites what it can and reports every change and every refusal.
public protocol GraphPass {
    /// The CLI name (`fold-batchnorm`, …).
    var name: String { get }
    /// Ops whose nodes this pass inspects; empty means it looks at the whole graph.
    var targetOps: Set<OpKind> { get }
    func run(on graph: inout Graph) throws -> PassReport
}

extension GraphPass {
    public var targetOps: Set<OpKind> { [] }
}
