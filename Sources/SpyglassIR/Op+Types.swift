/// Element-type inference for every op. Most ops compute in float32; the data-movement ops carry
/// any element type through; `binary` also computes on int64/int32 (runtime shape arithmetic).
extension Op {
    /// Ops that move or select elements without computing on them: any element type passes through.
    public var isTypeGeneric: Bool {
        switch self {
        case .concat, .slice, .reshape, .transpose, .identity, .dropout: return true
        case .pad, .stridedSlice, .tile, .expand: return true
        default: return false
        }
    }

    /// True for ops whose output size depends on the values they read (NonMaxSuppression): shape
    /// inference gives the largest size, the kernel reports the actual leading dim at run time.
    public var hasDataDependentOutputShape: Bool {
        switch self {
        case .nonMaxSuppression: return true
        default: return false
        }
    }

    /// Output element types given the input element types. `node` names the node for errors.
    public func outputTypes(_ t: [DType], at node: String) throws -> [DType] {
        func fail(_ m: String) -> IRError { .type(node: node, message: m) }
        if isTypeGeneric {
            guard let first = t.first else { return [.float32] }
            if let other = t.first(where: { $0 != first }) {
                throw fail("inputs mix \(first.rawValue) and \(other.rawValue)")
            }
            return [first]
        }
        if let types = try selectionTypes(t, fail: fail) { return types }
        switch self {
        case .resize(let a) where a.mode == .nearest:
            // Nearest only picks elements: any element type passes through.
            guard t.count == 1 else { throw fail("resize takes one input, got \(t.count)") }
            return t
        case .binary:
            guard t.count == 2, t[0] == t[1] else { throw fail("operands must have one element type, got \(t.map(\.rawValue))") }
            guard [.float32, .int64, .int32, .uint8].contains(t[0]) else { throw fail("\(t[0].rawValue) arithmetic is not supported") }
            return [t[0]]
        case .nonMaxSuppression:
            guard t.count == 2, t.allSatisfy({ $0 == .float32 }) else { throw fail("boxes and scores must be float32, got \(t.map(\.rawValue))") }
            return [.int64]
        case .roiAlign:
            guard t.count == 3, t[0] == .float32, t[1] == .float32, t[2] == .int64 else {
                throw fail("expects float32 x and rois and int64 batch indices, got \(t.map(\.rawValue))")
            }
            return [.float32]
        case .pool(let a):
            guard t.count == 1 else { throw fail("expects one input") }
            let allowed: [DType] = a.mode == .max ? [.float32, .uint8, .int32, .int64] : [.float32]
            guard allowed.contains(t[0]) else { throw fail("\(a.mode.rawValue) pooling of \(t[0].rawValue) is not supported") }
            return a.producesIndices ? [t[0], .int64] : [t[0]]
        default:
            // Float ops: every input (data and weights) must be float32.
            if let (i, bad) = t.enumerated().first(where: { $0.element != .float32 }) {
                throw fail("input \(i) is \(bad.rawValue); \(kind.rawValue) computes in float32 only")
            }
            return [.float32]
        }
    }
}

/// Element types of every tensor in a graph (inputs, constants, node outputs).
public enum TypeInference {
    public static func infer(_ graph: Graph) throws -> [String: DType] {
        var types: [String: DType] = [:]
        for input in graph.inputs { types[input.name] = input.type.dtype }
        for (name, c) in graph.constants { types[name] = c.type.dtype }
        for node in graph.nodes {
            var ins: [DType] = []
            for name in node.inputs {
                guard let t = types[name] else {
                    throw IRError.type(node: node.label, message: "input '\(name)' is not defined before this node")
                }
                ins.append(t)
            }
            let outs = try node.op.outputTypes(ins, at: node.label)
            guard outs.count == node.outputs.count else {
                throw IRError.type(node: node.label, message: "produces \(outs.count) outputs but names \(node.outputs.count)")
            }
            for (n, t) in zip(node.outputs, outs) { types[n] = t }
        }
        return types
    }
}
