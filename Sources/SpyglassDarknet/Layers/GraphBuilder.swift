import SpyglassIR

/// A layer could not be built; the problem is already in the diagnostics.
struct LayerBuildFailure: Error {}

/// Builds the IR graph layer by layer: names nodes "L<i>.<part>", infers shapes as it goes, and
/// records each layer's parameters in Darknet's load order.
final class GraphBuilder {
    let file: String
    let net: NetOptions
    let diagnostics: Diagnostics
    private(set) var nodes: [Node] = []
    private(set) var shapes: [String: [Int]]
    /// One entry per Darknet layer; nil when the layer failed (so dependants stay quiet).
    private(set) var layers: [LayerPlan?] = []
    static let inputName = "input"
    /// Largest tensor (elements) a cfg may describe; bounds every size product against overflow.
    static let largestTensor = 1 << 36

    /// Product of `dims`, or nil on overflow or a negative dim.
    static func product(_ dims: [Int]) -> Int? {
        var p = 1
        for d in dims {
            guard d >= 0 else { return nil }
            let (r, overflow) = p.multipliedReportingOverflow(by: d)
            if overflow { return nil }
            p = r
        }
        return p
    }

    private var index = 0
    private var kind = SectionKind.cost
    private var reader: OptionReader?
    private var currentNodes: [String] = []
    private var currentSlots: [WeightSlot] = []

    init(file: String, net: NetOptions, diagnostics: Diagnostics) {
        self.file = file
        self.net = net
        self.diagnostics = diagnostics
        shapes = [Self.inputName: [1, net.channels, net.height, net.width]]
    }

    // MARK: layer lifecycle

    func begin(index: Int, kind: SectionKind, reader: OptionReader) {
        self.index = index; self.kind = kind; self.reader = reader
        currentNodes = []; currentSlots = []
    }

    func end(_ output: LayerOutput) {
        layers.append(LayerPlan(index: index, kind: kind, line: line, output: output.tensor, nodes: currentNodes,
                                slots: currentSlots, isImage: output.isImage))
    }

    func endFailed() { layers.append(nil) }

    /// Records a layer that could not even be started (unknown section).
    func endFailedLayer(index: Int) {
        self.index = index; reader = nil
        currentNodes = []; currentSlots = []
        endFailed()
    }

    var layerIndex: Int { index }
    var line: Int { reader?.line ?? 0 }
    var sectionName: String { reader?.name ?? kind.rawValue }
    var prefix: String { "L\(index)" }
    var origin: String { "\(file):\(line) layer \(index) [\(kind.rawValue)]" }

    // MARK: inputs

    /// Reports a structural problem at this layer and returns the error to throw.
    func fail(_ message: String, key: String? = nil) -> LayerBuildFailure {
        if let reader { reader.problem(.structure, key: key, message) } else {
            diagnostics.report(.structure, line: line, section: sectionName, key: key, message)
        }
        return LayerBuildFailure()
    }

    /// Output of the previous layer (or the graph input for layer 0).
    func previous() throws -> String {
        guard index > 0 else { return Self.inputName }
        return try output(ofLayer: index - 1)
    }

    /// The previous layer's output, which must be an image (Darknet: "Layer before … must output image").
    func previousImage() throws -> String {
        guard index > 0 else { return Self.inputName }
        guard let plan = layers[index - 1] else { throw LayerBuildFailure() }
        guard plan.isImage else {
            throw fail("the layer before [\(kind.rawValue)] must output an image, but layer \(index - 1) [\(plan.kind.rawValue)] does not")
        }
        return plan.output
    }

    func output(ofLayer i: Int) throws -> String {
        guard i >= 0, i < layers.count, let plan = layers[i] else { throw LayerBuildFailure() }
        return plan.output
    }

    func plan(ofLayer i: Int) -> LayerPlan? { i >= 0 && i < layers.count ? layers[i] : nil }

    /// Resolves a layer reference (negative = relative to this layer) to an earlier layer's index.
    func resolve(_ reference: Int, key: String) throws -> Int {
        let absolute = reference < 0 ? index + reference : reference
        guard absolute >= 0, absolute < index else {
            throw fail("\(key)=\(reference) refers to layer \(absolute), but only layers 0…\(index - 1) come before layer \(index)", key: key)
        }
        return absolute
    }

    func shape(_ tensor: String) -> [Int] { shapes[tensor] ?? [] }

    /// (C, H, W) of an NCHW tensor.
    func chw(_ tensor: String) throws -> (c: Int, h: Int, w: Int) {
        let s = shape(tensor)
        guard s.count == 4 else { throw fail("expected an image input, got shape \(s)") }
        return (s[1], s[2], s[3])
    }

    // MARK: outputs

    /// Declares a parameter tensor; call in Darknet's load order.
    func parameter(_ suffix: String, _ shape: [Int], fill: Float = 0, layout: SlotLayout = .direct) throws -> String {
        let name = "\(prefix).\(suffix)"
        guard let count = Self.product(shape), count <= Self.largestTensor else {
            throw fail("parameter '\(name)' of shape \(shape) is too large")
        }
        currentSlots.append(WeightSlot(name: name, shape: shape, fill: fill, layout: layout))
        shapes[name] = shape
        return name
    }

    /// Adds node "L<i>.<part>" whose output tensor has the same name; infers its shape.
    @discardableResult
    func add(_ part: String, _ op: Op, _ inputs: [String]) throws -> String {
        let name = "\(prefix).\(part)"
        let node = Node(name: name, op: op, inputs: inputs, outputs: [name], origin: origin)
        do {
            let out = try op.outputShapes(inputs.map { shape($0) }, at: node.label).first ?? []
            guard let count = Self.product(out), count <= Self.largestTensor else {
                throw fail("output of shape \(out) is too large")
            }
            shapes[name] = out
        } catch let error as IRError {
            throw fail(error.description)
        }
        nodes.append(node)
        currentNodes.append(name)
        return name
    }
}
