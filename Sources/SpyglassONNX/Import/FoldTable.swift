import Foundation
import SpyglassIR

/// Import-time evaluation of nodes whose inputs are all known: the shape arithmetic PyTorch emits
/// (Shape → Gather → Unsqueeze → Concat → Reshape) and constant expressions. `Shape` folds from
/// its input's concrete shape alone, which is why symbolic input dims must be bound for such models.
enum FoldTable {
    /// Op types that fold without their input's value (only its shape).
    static let shapeOnly: Set<String> = ["Shape", "Constant"]

    static let rules: [String: FoldRule] = baseRules.merging(selectionRules) { base, _ in base }.merging(reduceRules) { base, _ in base }

    private static let baseRules: [String: FoldRule] = [
        "Constant": constant,
        "Shape": shape,
        "Identity": { _, v, _ in v.first.flatMap { $0 }.map { [$0] } },
        "Gather": gather,
        "Unsqueeze": squeezeFold,
        "Squeeze": squeezeFold,
        "Concat": concat,
        "Cast": cast,
        "Reshape": reshape,
        "Slice": slice,
        "ConstantOfShape": constantOfShape,
        "Add": { try elementwise($0, $1, $2, +) },
        "Sub": { try elementwise($0, $1, $2, -) },
        "Mul": { try elementwise($0, $1, $2, *) },
        "Div": { n, v, ctx in
            try elementwise(n, v, ctx) { a, b in
                // Integer division truncates like C; float division is plain.
                v.first??.isInteger == true ? (b == 0 ? 0 : (a / b).rounded(.towardZero)) : a / b
            }
        },
    ]

    static func constant(_ n: ONNXNode, _: [FoldedTensor?], _ ctx: ImportContext) throws -> [FoldedTensor]? {
        if let t = n.attributes["value"]?.tensorValue {
            guard let v = FoldedTensor(t) else { throw ctx.fail(n, "constant of type \(t.dataType.name) is not supported") }
            return [v]
        }
        if let f = n.attributes["value_float"]?.floatValue { return [FoldedTensor(dataType: .float, dims: [], values: [Double(f)])] }
        if let f = n.attributes["value_floats"]?.floatsValue { return [FoldedTensor(dataType: .float, dims: [f.count], values: f.map(Double.init))] }
        if let i = n.attributes["value_int"]?.intValue { return [FoldedTensor(dataType: .int64, dims: [], values: [Double(i)])] }
        if let i = n.attributes["value_ints"]?.intsValue { return [FoldedTensor(dataType: .int64, dims: [i.count], values: i.map(Double.init))] }
        throw ctx.fail(n, "only value, value_float(s) and value_int(s) constants are supported")
    }

    static func shape(_ n: ONNXNode, _: [FoldedTensor?], _ ctx: ImportContext) throws -> [FoldedTensor]? {
        let x = try ctx.input(n, 0)
        let r = try ctx.partialShape(x, for: n).count
        func clamp(_ v: Int64) -> Int { let i = v < 0 ? Int(v) + r : Int(v); return min(max(i, 0), r) }
        let start = clamp(try n.int("start", default: 0)), end = clamp(try n.int("end", default: Int64(r)))
        let s = try ctx.shape(x, for: n, concreteAt: Array(start..<max(end, start))).map { $0 ?? 0 }
        return [.int64(start < end ? Array(s[start..<end]) : [])]
    }

    static func gather(_ n: ONNXNode, _ v: [FoldedTensor?], _ ctx: ImportContext) throws -> [FoldedTensor]? {
        guard v.count == 2, let data = v[0], let idx = v[1] else { return nil }
        let axis = try ctx.axis(try n.int("axis", default: 0), rank: data.dims.count, n)
        let outer = data.dims[..<axis].reduce(1, *), dim = data.dims[axis], inner = data.dims[(axis + 1)...].reduce(1, *)
        var out: [Double] = []
        for o in 0..<outer {
            for i in idx.ints {
                let k = i < 0 ? i + dim : i
                guard k >= 0, k < dim else { throw ctx.fail(n, "index \(i) out of range for dimension \(dim)") }
                out += data.values[((o * dim + k) * inner)..<((o * dim + k + 1) * inner)]
            }
        }
        let dims = Array(data.dims[..<axis]) + idx.dims + Array(data.dims[(axis + 1)...])
        return [FoldedTensor(dataType: data.dataType, dims: dims, values: out)]
    }

    static func squeezeFold(_ n: ONNXNode, _ v: [FoldedTensor?], _ ctx: ImportContext) throws -> [FoldedTensor]? {
        guard let data = v.first ?? nil else { return nil }
        let axes: [Int] = ctx.opset >= 13 ? (v.count > 1 ? v[1]?.ints ?? [] : []) : (n.attributes["axes"] == nil ? [] : try n.ints("axes").map(Int.init))
        let dims = try squeezeOrUnsqueeze(n.opType, shape: data.dims, axes: axes, n, ctx)
        return [FoldedTensor(dataType: data.dataType, dims: dims, values: data.values)]
    }

    /// The output shape of Squeeze / Unsqueeze.
    static func squeezeOrUnsqueeze(_ opType: String, shape: [Int], axes: [Int], _ n: ONNXNode, _ ctx: ImportContext) throws -> [Int] {
        if opType == "Squeeze" {
            if axes.isEmpty { return shape.filter { $0 != 1 } }
            let drop = Set(try axes.map { try ctx.axis(Int64($0), rank: shape.count, n) })
            guard drop.allSatisfy({ shape[$0] == 1 }) else { throw ctx.fail(n, "cannot squeeze axes \(axes) of \(shape)") }
            return shape.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
        }
        let rank = shape.count + axes.count
        let add = Set(try axes.map { try ctx.axis(Int64($0), rank: rank, n) })
        guard add.count == axes.count else { throw ctx.fail(n, "repeated axes \(axes)") }
        var out: [Int] = [], rest = shape.makeIterator()
        for i in 0..<rank { out.append(add.contains(i) ? 1 : rest.next() ?? 1) }
        return out
    }

    static func concat(_ n: ONNXNode, _ v: [FoldedTensor?], _ ctx: ImportContext) throws -> [FoldedTensor]? {
        let parts = v.compactMap { $0 }
        guard let first = parts.first else { return nil }
        let axis = try ctx.axis(try n.int("axis", default: 0), rank: first.dims.count, n)
        let outer = first.dims[..<axis].reduce(1, *)
        var out: [Double] = [], dims = first.dims
        dims[axis] = parts.reduce(0) { $0 + $1.dims[axis] }
        for o in 0..<outer {
            for p in parts {
                guard p.dims.count == first.dims.count else { throw ctx.fail(n, "inputs have different ranks") }
                let chunk = p.dims[axis...].reduce(1, *)
                out += p.values[(o * chunk)..<((o + 1) * chunk)]
            }
        }
        return [FoldedTensor(dataType: first.dataType, dims: dims, values: out)]
    }

    static func cast(_ n: ONNXNode, _ v: [FoldedTensor?], _ ctx: ImportContext) throws -> [FoldedTensor]? {
        guard let data = v.first ?? nil, let to = ONNXDataType(rawValue: Int32(try n.int("to"))) else { return nil }
        return [FoldedTensor(dataType: to, dims: data.dims, values: data.values.map { castValue($0, from: data.dataType, to: to) })]
    }

    static func reshape(_ n: ONNXNode, _ v: [FoldedTensor?], _ ctx: ImportContext) throws -> [FoldedTensor]? {
        guard v.count >= 2, let data = v[0], let target = v[1] else { return nil }
        let dims: [Int]
        do { dims = try ReshapeAttributes(shape: target.ints, allowZero: try n.int("allowzero", default: 0) != 0).resolve(data.dims) } catch { throw ctx.fail(n, "\(error)") }
        return [FoldedTensor(dataType: data.dataType, dims: dims, values: data.values)]
    }

    static func slice(_ n: ONNXNode, _ v: [FoldedTensor?], _ ctx: ImportContext) throws -> [FoldedTensor]? {
        // Folding covers the 1-D slices shape arithmetic uses.
        guard let data = v.first ?? nil, data.dims.count == 1, ctx.opset >= 10, v.count >= 3, let s = v[1], let e = v[2] else { return nil }
        let step = v.count > 4 ? v[4]?.ints.first ?? 1 : 1
        guard step == 1 else { return nil }
        let d = data.dims[0]
        func clamp(_ x: Int) -> Int { min(max(x < 0 ? x + d : x, 0), d) }
        let start = clamp(s.ints.first ?? 0), end = clamp(e.ints.first ?? d)
        let values = start < end ? Array(data.values[start..<end]) : []
        return [FoldedTensor(dataType: data.dataType, dims: [values.count], values: values)]
    }

    static func constantOfShape(_ n: ONNXNode, _ v: [FoldedTensor?], _ ctx: ImportContext) throws -> [FoldedTensor]? {
        guard let shape = v.first ?? nil else { return nil }
        let fill = n.attributes["value"]?.tensorValue.flatMap(FoldedTensor.init)
        let dims = shape.ints, count = dims.reduce(1, *)
        guard count <= 1 << 24 else { throw ctx.fail(n, "constant of \(count) elements is too large to fold") }
        return [FoldedTensor(dataType: fill?.dataType ?? .float, dims: dims, values: Array(repeating: fill?.values.first ?? 0, count: count))]
    }

    /// Broadcasting element-wise arithmetic on known values (small tensors only).
    static func elementwise(_ n: ONNXNode, _ v: [FoldedTensor?], _ ctx: ImportContext, _ f: (Double, Double) -> Double) throws -> [FoldedTensor]? {
        guard v.count == 2, let a = v[0], let b = v[1], let dims = broadcastShape(a.dims, b.dims) else { return nil }
        let count = dims.reduce(1, *)
        guard count <= 1 << 20 else { return nil }
        let ia = broadcastStrides(a.dims, to: dims), ib = broadcastStrides(b.dims, to: dims)
        var out = [Double](repeating: 0, count: count)
        var index = [Int](repeating: 0, count: dims.count)
        for i in 0..<count {
            var oa = 0, ob = 0
            for d in 0..<dims.count { oa += index[d] * ia[d]; ob += index[d] * ib[d] }
            out[i] = f(a.values[oa], b.values[ob])
            var d = dims.count - 1
            while d >= 0 { index[d] += 1; if index[d] < dims[d] { break }; index[d] = 0; d -= 1 }
        }
        return [FoldedTensor(dataType: a.dataType, dims: dims, values: out)]
    }
}
