import SpyglassIR

/// Walks a graph in node order and turns it back into Darknet layers. Tracks which Darknet layer
/// holds each tensor (for route/shortcut references) and which tensor is the "previous layer".
final class LayerEmitter {
    let graph: Graph
    let shapes: [String: [Int]]
    let consumers: [String: [Int]]
    let producers: [String: Int]
    let header: DarknetWeightsHeader
    let flipped: Set<String>
    private(set) var sections: [SectionDraft] = []
    /// Darknet layer index holding each tensor.
    private(set) var layerOf: [String: Int] = [:]
    /// The tensor Darknet's next layer reads implicitly.
    private(set) var current: String
    var consumed = Set<Int>()

    init(graph: Graph, shapes: [String: [Int]], header: DarknetWeightsHeader, input: String) {
        self.graph = graph
        self.shapes = shapes
        self.consumers = graph.consumers
        self.producers = graph.producers
        self.header = header
        self.flipped = Set((graph.metadata.properties[DarknetProperties.flippedConvolutions] ?? "")
            .split(separator: ",").map(String.init))
        self.current = input
    }

    func failure(_ node: Node, _ message: String) -> DarknetError {
        .unsupportedGraph(node: node.label, message: message)
    }

    // MARK: layers

    func emit(_ section: SectionDraft, output: String) {
        sections.append(section)
        layerOf[output] = sections.count - 1
        current = output
    }

    /// Makes `tensor` the previous layer's output, inserting a `[route]` when it is not.
    func makePrevious(_ tensor: String, for node: Node) throws {
        if tensor == current { return }
        guard let layer = layerOf[tensor] else {
            throw failure(node, "input '\(tensor)' is not the output of a Darknet layer (Darknet layers can only read the previous layer, or earlier layers through [route])")
        }
        var route = SectionDraft("route")
        route.set("layers", [layer - sections.count])
        emit(route, output: tensor)
    }

    /// Relative reference from the next layer to the layer holding `tensor`.
    func reference(_ tensor: String, for node: Node) throws -> Int {
        guard let layer = layerOf[tensor] else {
            throw failure(node, "input '\(tensor)' is not the output of a Darknet layer")
        }
        return layer - sections.count
    }

    /// Lets `alias` name the same layer as `tensor` (identity/dropout that become no layer).
    func alias(_ alias: String, to tensor: String) {
        if let layer = layerOf[tensor] { layerOf[alias] = layer }
        if current == tensor { current = alias }
    }

    // MARK: graph lookups

    func constant(_ name: String, of node: Node, expecting shape: [Int]) throws -> [Float] {
        guard let c = graph.constants[name] else {
            throw failure(node, "'\(name)' must be a constant to be stored in a .weights file")
        }
        guard c.type.dtype == .float32, c.shape == shape else {
            throw failure(node, "constant '\(name)' is \(c.type), expected float32\(shape)")
        }
        return c.floatArray
    }

    /// The only node consuming `tensor`, if there is exactly one and the tensor is not a graph output.
    func soleConsumer(of tensor: String) -> (index: Int, node: Node)? {
        guard !graph.outputs.contains(tensor), let users = consumers[tensor], users.count == 1, !consumed.contains(users[0]) else { return nil }
        return (users[0], graph.nodes[users[0]])
    }

    /// A following standalone activation that can be folded into this layer.
    func trailingActivation(after tensor: String) -> (index: Int, activation: Activation, output: String)? {
        guard let (i, n) = soleConsumer(of: tensor), case .activation(let a) = n.op, n.inputs.first == tensor else { return nil }
        return (i, a, n.outputs[0])
    }
}
