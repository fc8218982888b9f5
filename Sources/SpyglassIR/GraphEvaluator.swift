/// Computes the outputs of a graph with no inputs (every tensor it reads is a constant). Importers
/// take one to fold constant subgraphs (shape arithmetic, anchor grids) with the runtime's own
/// kernels, without depending on the runtime: whoever calls the importer passes one in.
public protocol GraphEvaluator: Sendable {
    func evaluate(_ graph: Graph) throws -> [String: ConstantTensor]
}
