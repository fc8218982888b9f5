import SpyglassIR

/// Ops that move data: Concat, Split, Slice, Reshape/Flatten/Squeeze/Unsqueeze, Transpose,
/// Identity/Dropout (Resize/Upsample are in ResizeImport).
enum LayoutImport {
    static let rules: [String: [VersionedRule]] = [
        "Identity": [VersionedRule(since: 1, rule: { n, ctx in try ctx.emit(.identity, [try ctx.input(n, 0)], from: n, output: n.outputs[0]) })],
        "Dropout": [VersionedRule(since: 1, rule: dropout)],
        "Concat": [VersionedRule(since: 1, rule: concat)],
        "Split": [VersionedRule(since: 1, rule: split)],
        "Slice": [VersionedRule(since: 1, rule: slice)],
        "Reshape": [VersionedRule(since: 5, rule: reshape)],
        "Flatten": [VersionedRule(since: 1, rule: flatten)],
        "Squeeze": [VersionedRule(since: 1, rule: reshapeToOutput)],
        "Unsqueeze": [VersionedRule(since: 1, rule: reshapeToOutput)],
        "Transpose": [VersionedRule(since: 1, rule: transpose)],
    ]

    /// At inference Dropout is the identity and its mask all true; so it is in training mode with
    /// ratio 0. Training mode with ratio > 0 draws random numbers: refused (`randomDropoutRefusal`).
    static func dropout(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let x = try ctx.input(n, 0)
        let ratio = ctx.hasInput(n, 1) ? Float(try ctx.constantInput(n, 1, role: "ratio").values.first ?? 0.5) : try n.float("ratio", default: 0.5)
        if ctx.hasInput(n, 2), try ctx.constantInput(n, 2, role: "training_mode").values.contains(where: { $0 != 0 }), ratio != 0 {
            throw ctx.fail(n, "ratio \(ratio) in training mode: \(ONNXImporter.randomDropoutRefusal)")
        }
        try ctx.emit(.dropout(probability: ratio), [x], from: n, output: n.outputs[0])
        if n.outputs.count > 1, !n.outputs[1].isEmpty {
            // The mask is bool from opset 10; before, it has the data's type (float).
            let shape = try ctx.shape(x, for: n)
            try ctx.materialize(n.outputs[1], FoldedTensor(dataType: ctx.opset >= 10 ? .bool : .float, dims: shape,
                                                           values: Array(repeating: 1, count: shape.reduce(1, *))))
        }
    }

    static func concat(_ n: ONNXNode, _ ctx: ImportContext) throws {
        var inputs = n.inputs.filter { !$0.isEmpty }
        // Known empty parts add nothing (e.g. a zero-sized Split output).
        let nonEmpty = inputs.filter { ctx.known[$0]?.count != 0 }
        if !nonEmpty.isEmpty { inputs = nonEmpty }
        guard let first = inputs.first else { throw ctx.fail(n, "needs at least one input") }
        let rank = try ctx.partialShape(first, for: n).count
        let axis = try ctx.axis(try n.int("axis", default: 1), rank: rank, n)
        try ctx.emit(.concat(ConcatAttributes(axis: axis)), inputs, from: n, output: n.outputs[0])
    }

    /// Split → one IR slice per output.
    static func split(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let x = try ctx.input(n, 0)
        let rank = try ctx.partialShape(x, for: n).count
        let axis = try ctx.axis(try n.int("axis", default: 0), rank: rank, n)
        let shape = try ctx.shape(x, for: n, concreteAt: [axis]).map { $0 ?? 0 }
        var sizes: [Int]
        if ctx.opset >= 13, ctx.hasInput(n, 1) {
            sizes = try ctx.constantInput(n, 1, role: "split").ints
        } else if ctx.opset < 13, n.attributes["split"] != nil {
            sizes = try n.ints("split").map(Int.init)
        } else {
            let parts = ctx.opset >= 18 ? Int(try n.int("num_outputs", default: Int64(n.outputs.count))) : n.outputs.count
            guard parts > 0 else { throw ctx.fail(n, "needs at least one output") }
            let chunk = (shape[axis] + parts - 1) / parts
            sizes = (0..<parts).map { min(chunk, max(shape[axis] - $0 * chunk, 0)) }
        }
        guard sizes.count == n.outputs.count, sizes.reduce(0, +) == shape[axis], sizes.allSatisfy({ $0 >= 0 }) else {
            throw ctx.fail(n, "split sizes \(sizes) do not cover dimension \(shape[axis]) with \(n.outputs.count) outputs")
        }
        var start = 0
        for (size, out) in zip(sizes, n.outputs) {
            if !out.isEmpty, size == 0 {
                // A zero-sized part (RotaryEmbedding's "no rotation" tail): a known empty value, which
                // Concat drops, rather than an IR tensor of no elements.
                var dims = shape
                dims[axis] = 0
                ctx.known[out] = FoldedTensor(dataType: .float, dims: dims, values: [])
            } else if !out.isEmpty {
                try ctx.emit(.slice(SliceAttributes(axis: axis, start: start, end: start + size)), [x], from: n, output: out,
                             step: "split_\(out)")
            }
            start += size
        }
    }

    /// Slice with constant starts/ends/axes and unit steps → one IR slice per sliced axis; other
    /// steps and empty results → one strided slice.
    static func slice(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let x = try ctx.input(n, 0)
        let partial = try ctx.partialShape(x, for: n)
        var starts: [Int], ends: [Int], axes: [Int]?, steps: [Int]?
        if ctx.opset < 10 {
            starts = try n.ints("starts").map(Int.init); ends = try n.ints("ends").map(Int.init)
            axes = n.attributes["axes"] == nil ? nil : try n.ints("axes").map(Int.init)
        } else {
            starts = try ctx.constantInput(n, 1, role: "starts").ints
            ends = try ctx.constantInput(n, 2, role: "ends").ints
            axes = ctx.hasInput(n, 3) ? try ctx.constantInput(n, 3, role: "axes").ints : nil
            steps = ctx.hasInput(n, 4) ? try ctx.constantInput(n, 4, role: "steps").ints : nil
        }
        let ax = try (axes ?? Array(0..<starts.count)).map { try ctx.axis(Int64($0), rank: partial.count, n) }
        let shape = try ctx.shape(x, for: n, concreteAt: ax).map { $0 ?? 0 }
        guard ax.count == starts.count, ends.count == starts.count, steps.map({ $0.count == starts.count }) ?? true else {
            throw ctx.fail(n, "starts/ends/axes/steps have different lengths")
        }
        if steps.map({ $0.contains(0) }) == true { throw ctx.fail(n, "steps \(steps ?? []) must not be 0") }
        let unitSteps = (steps ?? []).allSatisfy { $0 == 1 }
        var current = x
        var ranges: [(axis: Int, start: Int, end: Int)] = []
        for i in ax.indices {
            let a = ax[i], dim = shape[a]
            func clamp(_ v: Int) -> Int { min(max(v < 0 ? v + dim : v, 0), dim) }
            let s = clamp(starts[i]), e = clamp(ends[i])
            if s != 0 || e != dim { ranges.append((a, s, e)) }
        }
        guard unitSteps, ranges.allSatisfy({ $0.start < $0.end }) else {
            try stridedSlice(n, ctx, x, axes: ax, starts: starts, ends: ends, steps: steps ?? ax.map { _ in 1 })
            return
        }
        if ranges.isEmpty { try ctx.emit(.identity, [x], from: n, output: n.outputs[0]); return }
        for (i, r) in ranges.enumerated() {
            let last = i == ranges.count - 1
            current = try ctx.emit(.slice(SliceAttributes(axis: r.axis, start: r.start, end: r.end)), [current], from: n,
                                   output: last ? n.outputs[0] : nil, step: last ? nil : "slice_axis\(r.axis)")
        }
    }

    /// Slice with steps, or an empty result: one IR strided slice over every axis, with ONNX's
    /// clamping (a negative step starts at most at dim − 1 and may end before index 0).
    static func stridedSlice(_ n: ONNXNode, _ ctx: ImportContext, _ x: String, axes: [Int], starts: [Int], ends: [Int], steps: [Int]) throws {
        let shape = try ctx.shape(x, for: n)
        var a = StridedSliceAttributes(starts: shape.map { _ in 0 }, steps: shape.map { _ in 1 }, sizes: shape)
        for (i, axis) in axes.enumerated() {
            // |step| beyond the dim selects at most one element: clamped so the arithmetic cannot overflow.
            let dim = shape[axis], step = steps[i] > 0 ? min(steps[i], dim + 1) : max(steps[i], -(dim + 1))
            func shifted(_ v: Int) -> Int { v < 0 ? v + dim : v }
            let start: Int, count: Int
            if step > 0 {
                start = min(max(shifted(starts[i]), 0), dim)
                let end = min(max(shifted(ends[i]), 0), dim)
                count = end > start ? (end - start + step - 1) / step : 0
            } else {
                start = min(max(shifted(starts[i]), 0), dim - 1)
                let end = min(max(shifted(ends[i]), -1), dim - 1)
                count = start > end ? (start - end - step - 1) / -step : 0
            }
            a.starts[axis] = count > 0 ? start : 0
            a.steps[axis] = step
            a.sizes[axis] = count
        }
        try ctx.emit(.stridedSlice(a), [x], from: n, output: n.outputs[0])
    }

    /// Reshape with a constant target: 0 copies the input dim (a 0 dim with allowzero = 1), -1 is inferred.
    static func reshape(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let target = try ctx.constantInput(n, 1, role: "shape").ints
        let allowZero = try n.int("allowzero", default: 0) != 0
        try ctx.emit(.reshape(ReshapeAttributes(shape: target, allowZero: allowZero)), [try ctx.input(n, 0)], from: n, output: n.outputs[0])
    }

    static func flatten(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let x = try ctx.input(n, 0)
        let rank = try ctx.partialShape(x, for: n).count
        let axis = Int(try n.int("axis", default: 1)), a = axis < 0 ? axis + rank : axis
        guard a >= 0, a <= rank else { throw ctx.fail(n, "axis \(axis) out of range for rank \(rank)") }
        // axis 1 keeps the batch dim symbolic: [N, rest].
        let target: [Int]
        if a == 1 { target = [0, -1] } else {
            let shape = try ctx.shape(x, for: n)
            target = [shape[..<a].reduce(1, *), shape[a...].reduce(1, *)]
        }
        try ctx.emit(.reshape(ReshapeAttributes(shape: target)), [x], from: n, output: n.outputs[0])
    }

    /// Squeeze/Unsqueeze on a computed tensor: a reshape to the shape ONNX defines.
    static func reshapeToOutput(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let x = try ctx.input(n, 0)
        let shape = try ctx.shape(x, for: n)
        let axes: [Int] = ctx.opset >= 13 ? (ctx.hasInput(n, 1) ? try ctx.constantInput(n, 1, role: "axes").ints : [])
                                          : (n.attributes["axes"] == nil ? [] : try n.ints("axes").map(Int.init))
        let target = try FoldTable.squeezeOrUnsqueeze(n.opType, shape: shape, axes: axes, n, ctx)
        try ctx.emit(.reshape(ReshapeAttributes(shape: target)), [x], from: n, output: n.outputs[0])
    }

    static func transpose(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let x = try ctx.input(n, 0)
        let rank = try ctx.partialShape(x, for: n).count
        let perm = try n.ints("perm", default: (0..<rank).reversed().map(Int64.init)).map(Int.init)
        guard perm.sorted() == Array(0..<rank) else { throw ctx.fail(n, "perm \(perm) is not a permutation of 0..<\(rank)") }
        try ctx.emit(.transpose(TransposeAttributes(permutation: perm)), [x], from: n, output: n.outputs[0])
    }
}

extension ONNXImporter {
    /// Why a Dropout in training mode with a ratio above 0 is refused (the node tests' conformance
    /// harness reports exactly this reason as a skip).
    public static let randomDropoutRefusal = "random dropout cannot reproduce numpy's random generator, so only inference (or ratio 0) is supported"
}
