import Foundation
import SpyglassIR

/// ONNX → Spyglass IR. Each node is mapped by the rule its op type has at the model's opset
/// (`ImportTable`); nodes whose inputs are all known at import time (shape arithmetic such as
/// Shape → Gather → Unsqueeze → Concat) are evaluated instead (`FoldTable`). Shapes are tracked
/// concretely, so a model with symbolic input dims must have them bound (`bindings`) when it
/// computes shapes; the imported graph then has those dims fixed, since the folded values hold
/// for that size only.
public enum ONNXImporter {
    /// Opsets 22–28 only widened the type constraints of the supported ops (bfloat16, float8, int4 …;
    /// checked against onnx.defs of onnx 1.23.2), so their rules are the same as at 21. Below 7 a
    /// model imports when each of its op types has a rule at its opset (e.g. Not, unchanged since 1).
    public static let supportedOpsets = 1...28

    /// `evaluator`, when given, folds every node whose inputs are all known at import time that the
    /// fold table does not cover (Range, Expand, Tile … in anchor-grid subgraphs): the node is mapped
    /// to IR as usual and that little graph is run once.
    public static func importModel(_ model: ONNXModel, bindings: [String: Int] = [:],
                                   evaluator: (any GraphEvaluator)? = nil) throws -> Graph {
        let opset = Int(model.opsetVersion() ?? 1)
        guard supportedOpsets.contains(opset) else { throw ONNXError.unsupportedOpset(opset, supported: supportedOpsets) }
        let g = model.graph
        let detectors = DetectorOutputs(model)

        // Every unsupported op type, one node each, in one error.
        var unsupported: [UnsupportedOp] = []
        for node in g.nodes where !detectors.isAbsorbed(node) {
            let supported = node.domain.isEmpty || node.domain == "ai.onnx"
            if supported, ImportTable.rule(for: node.opType, opset: opset) != nil || FoldTable.rules[node.opType] != nil { continue }
            let type = node.domain.isEmpty ? node.opType : "\(node.domain).\(node.opType)"
            if !unsupported.contains(where: { $0.opType == type }) { unsupported.append(UnsupportedOp(opType: type, node: node.name)) }
        }
        guard unsupported.isEmpty else { throw ONNXError.unsupportedOps(unsupported, opset: opset) }

        var names = Set(g.inputs.map(\.name)).union(g.initializers.map(\.name))
        for n in g.nodes { names.formUnion(n.outputs) }
        let ctx = ImportContext(opset: opset, tensorNames: names)
        for t in g.initializers {
            guard let value = FoldedTensor(t) else { continue }  // unusable types fail where a node reads them
            ctx.known[t.name] = value
        }
        let inputs = try graphInputs(g, bindings: bindings, ctx)
        for input in inputs { ctx.inputTypes[input.name] = input.type.dtype }

        for node in g.nodes {
            if detectors.isAbsorbed(node) {
                try detectors.emitIfFinal(node, ctx)
                continue
            }
            if try fold(node, ctx) { continue }
            guard let rule = ImportTable.rule(for: node.opType, opset: opset) else {
                throw ctx.fail(node, "can only be evaluated at import time, but its inputs are not all constant")
            }
            let before = ctx.nodes.count
            try rule(node, ctx)
            if let evaluator, allInputsKnown(node, ctx) { try evaluate(node, emittedAfter: before, ctx, evaluator) }
        }

        var outputs: [String] = []
        for o in g.outputs {
            if ctx.producer(of: o.name) == nil, !inputs.contains(where: { $0.name == o.name }), let value = ctx.known[o.name] {
                try ctx.materialize(o.name, value)
            }
            guard ctx.producer(of: o.name) != nil || inputs.contains(where: { $0.name == o.name }) else {
                throw ONNXError.importFailed(node: "graph output '\(o.name)'", message: "is a constant or not produced by any node")
            }
            outputs.append(o.name)
        }
        ctx.dropDeadNodes(keeping: Set(outputs))
        let graph = Graph(name: g.name.isEmpty ? "onnx" : g.name, inputs: inputs, outputs: outputs, nodes: ctx.nodes,
                          constants: ctx.constants, metadata: ImportMetadata.metadata(model))
        do { try Verifier.verify(graph, bindings: bindings) } catch let e as IRError {
            if case .unboundDimension = e {} else { throw ONNXError.importFailed(node: "graph '\(graph.name)'", message: "\(e)") }
        }
        return graph
    }

    /// Reads and imports an .onnx file.
    public static func load(contentsOf url: URL, bindings: [String: Int] = [:], evaluator: (any GraphEvaluator)? = nil) throws -> Graph {
        try importModel(try ONNXReader.read(contentsOf: url), bindings: bindings, evaluator: evaluator)
    }

    static func allInputsKnown(_ node: ONNXNode, _ ctx: ImportContext) -> Bool {
        !node.inputs.allSatisfy(\.isEmpty) && node.inputs.allSatisfy { $0.isEmpty || ctx.known[$0] != nil }
    }

    /// Runs the IR nodes just emitted for `node` (all of whose inputs are constants) and records its
    /// outputs as known values instead.
    private static func evaluate(_ node: ONNXNode, emittedAfter count: Int, _ ctx: ImportContext, _ evaluator: any GraphEvaluator) throws {
        let emitted = ctx.removeNodes(after: count)
        let outputs = node.outputs.filter { !$0.isEmpty }
        guard !emitted.isEmpty else { return }
        let read = Set(emitted.flatMap(\.inputs))
        let constants = ctx.constants.filter { read.contains($0.key) }
        let graph = Graph(name: "fold \(node.label)", inputs: [], outputs: outputs, nodes: emitted, constants: constants)
        let values: [String: ConstantTensor]
        do { values = try evaluator.evaluate(graph) } catch {
            throw ctx.fail(node, "evaluating it at import time failed: \(error)")
        }
        for name in outputs {
            guard let c = values[name], let folded = FoldedTensor(c) else {
                throw ctx.fail(node, "evaluating it at import time gave no value for '\(name)'")
            }
            ctx.known[name] = folded
        }
    }

    /// Graph inputs that are not initializers; `dim_param` becomes a symbolic dim unless bound.
    private static func graphInputs(_ g: ONNXGraph, bindings: [String: Int], _ ctx: ImportContext) throws -> [ValueInfo] {
        let initializerNames = Set(g.initializers.map(\.name))
        var out: [ValueInfo] = []
        for input in g.inputs where !initializerNames.contains(input.name) {
            guard let dtype = input.elementType.map({ $0.irType }) ?? .float32 else {
                throw ONNXError.importFailed(node: "graph input '\(input.name)'",
                                             message: "is \(input.elementType?.name ?? "?"); inputs may be float, int64, int32, uint8 or bool")
            }
            guard let dims = input.shape else {
                throw ONNXError.importFailed(node: "graph input '\(input.name)'", message: "has no shape (unknown rank)")
            }
            let irDims: [Dim] = dims.enumerated().map { i, d in
                switch d {
                case .value(let v): return .fixed(Int(v))
                case .param(let p): return bindings[p].map { .fixed($0) } ?? .symbolic(p)
                case .unknown:
                    let p = "\(input.name)_dim\(i)"
                    return bindings[p].map { .fixed($0) } ?? .symbolic(p)
                }
            }
            let shape = Shape(irDims)
            // Provisional sizes for unbound dims (see ImportContext.alternateShapes).
            ctx.shapes[input.name] = irDims.map { $0.value ?? 2 }
            ctx.alternateShapes[input.name] = irDims.map { $0.value ?? 3 }
            out.append(ValueInfo(name: input.name, type: TensorType(dtype, shape)))
        }
        return out
    }

    /// Evaluates `node` at import time when it has a fold rule and every input is known
    /// (`Shape` only needs its input's shape). Returns whether it did.
    private static func fold(_ node: ONNXNode, _ ctx: ImportContext) throws -> Bool {
        guard let rule = FoldTable.rules[node.opType] else { return false }
        let values = node.inputs.map { $0.isEmpty ? nil : ctx.known[$0] }
        let allKnown = zip(node.inputs, values).allSatisfy { $0.0.isEmpty || $0.1 != nil }
        guard allKnown || FoldTable.shapeOnly.contains(node.opType) else { return false }
        guard let outs = try rule(node, values, ctx) else { return false }
        for (name, value) in zip(node.outputs, outs) where !name.isEmpty { ctx.known[name] = value }
        return true
    }
}
