import SpyglassIR

/// MatMul → matMul (fullyConnected for a rank-2 `a` times a constant matrix, which is the same product);
/// Gemm → fullyConnected when B is constant (alpha folded into the weight, a per-output C as its bias),
/// else transpose / matMul / mul / add; ConvTranspose → convTranspose.
enum LinalgImport {
    static let rules: [String: [VersionedRule]] = [
        "MatMul": [VersionedRule(since: 1, rule: matMul)],
        "Gemm": [VersionedRule(since: 1, rule: gemm)],
        "ConvTranspose": [VersionedRule(since: 1, rule: convTranspose)],
    ]

    static func matMul(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let a = try ctx.input(n, 0), b = try ctx.input(n, 1)
        if let w = ctx.known[b], w.dims.count == 2, w.dataType == .float,
           try ctx.partialShape(a, for: n).count == 2, ctx.elementType(of: a) == .float32 {
            let weight = try ctx.constantTensor(ctx.uniqueTensor("\(n.name)/weight"), transposed(w), for: n)
            try ctx.emit(.fullyConnected(FullyConnectedAttributes(outputs: w.dims[1])), [a, weight], from: n, output: n.outputs[0])
            return
        }
        try ctx.emit(.matMul, [a, b], from: n, output: n.outputs[0])
    }

    /// Y = alpha·A'·B' + beta·C (A' = Aᵀ if transA, B' = Bᵀ if transB; C broadcasts to [M, N]).
    static func gemm(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let alpha = try n.float("alpha", default: 1), beta = try n.float("beta", default: 1)
        let transA = try n.int("transA", default: 0) != 0, transB = try n.int("transB", default: 0) != 0
        var a = try ctx.input(n, 0)
        let b = try ctx.input(n, 1)
        guard try ctx.partialShape(a, for: n).count == 2, try ctx.partialShape(b, for: n).count == 2 else {
            throw ctx.fail(n, "A and B must be rank 2")
        }
        let c: String? = ctx.hasInput(n, 2) ? n.inputs[2] : nil
        if transA { a = try ctx.emit(.transpose(TransposeAttributes(permutation: [1, 0])), [a], from: n, step: "transpose_a") }

        var product: String
        var cLeft = c  // what remains to be added after the product
        if var w = ctx.known[b], w.dataType == .float {
            // The IR's fully connected layer: weight [N, K] = alpha·B'ᵀ, bias beta·C when C is per output.
            if !transB { w = transposed(w) }
            w.values = w.values.map { $0 * Double(alpha) }
            let outputs = w.dims[0]
            var inputs = [a, try ctx.constantTensor(ctx.uniqueTensor("\(n.name)/weight"), w, for: n)]
            if let c, let value = ctx.known[c], value.dataType == .float, perOutput(value.dims, outputs) {
                let bias = FoldedTensor(dataType: .float, dims: [outputs],
                                        values: (0..<outputs).map { value.values[value.count == 1 ? 0 : $0] * Double(beta) })
                inputs.append(try ctx.constantTensor(ctx.uniqueTensor("\(n.name)/bias"), bias, for: n))
                cLeft = nil
            }
            product = try ctx.emit(.fullyConnected(FullyConnectedAttributes(outputs: outputs)), inputs, from: n,
                                   output: cLeft == nil ? n.outputs[0] : nil, step: "fc")
        } else {
            let bt = transB ? try ctx.emit(.transpose(TransposeAttributes(permutation: [1, 0])), [b], from: n, step: "transpose_b") : b
            let last = cLeft == nil && alpha == 1
            product = try ctx.emit(.matMul, [a, bt], from: n, output: last ? n.outputs[0] : nil, step: "matmul")
            if alpha != 1 {
                let scale = ctx.addConstant([alpha], dims: [], base: "\(n.name)/alpha")
                product = try ctx.emit(.binary(BinaryAttributes(.mul)), [product, scale], from: n,
                                       output: cLeft == nil ? n.outputs[0] : nil, step: "alpha")
            }
        }
        guard let cLeft else { return }
        var addend = cLeft
        if beta != 1 {
            if let value = ctx.known[cLeft], value.dataType == .float {
                let scaled = FoldedTensor(dataType: .float, dims: value.dims, values: value.values.map { $0 * Double(beta) })
                addend = try ctx.constantTensor(ctx.uniqueTensor("\(n.name)/c"), scaled, for: n)
            } else {
                let scale = ctx.addConstant([beta], dims: [], base: "\(n.name)/beta")
                addend = try ctx.emit(.binary(BinaryAttributes(.mul)), [cLeft, scale], from: n, step: "beta")
            }
        }
        try ctx.emit(.binary(BinaryAttributes(.add)), [product, addend], from: n, output: n.outputs[0], step: "c")
    }

    /// A C of shape [], [1], [N] or [1, N]: one value per output column.
    private static func perOutput(_ dims: [Int], _ outputs: Int) -> Bool {
        let count = dims.reduce(1, *)
        return (count == 1 && dims.count <= 2) || (count == outputs && (dims == [outputs] || dims == [1, outputs]))
    }

    static func transposed(_ w: FoldedTensor) -> FoldedTensor {
        let (rows, cols) = (w.dims[0], w.dims[1])
        var t = [Double](repeating: 0, count: rows * cols)
        for i in 0..<rows { for j in 0..<cols { t[j * rows + i] = w.values[i * cols + j] } }
        return FoldedTensor(dataType: w.dataType, dims: [cols, rows], values: t)
    }

    static func convTranspose(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let x = try ctx.input(n, 0), weight = try ctx.input(n, 1)
        let w = try ctx.shape(weight, for: n)
        let rank = w.count - 2
        guard rank >= 1 else { throw ctx.fail(n, "weight \(w) must be [C, M/group, k…]") }
        let xs = try ctx.shape(x, for: n, concreteAt: Array(2..<(2 + rank)))
        guard xs.count == rank + 2 else { throw ctx.fail(n, "input \(xs) must have \(rank) spatial dims like the weight \(w)") }
        let input = xs[2...].map { $0 ?? 0 }
        let ones = [Int64](repeating: 1, count: rank), zeros = [Int64](repeating: 0, count: rank)
        let kernel = try n.ints("kernel_shape", default: w[2...].map(Int64.init)).map(Int.init)
        guard kernel == Array(w[2...]) else { throw ctx.fail(n, "kernel_shape \(kernel) disagrees with weight \(w)") }
        let strides = try n.ints("strides", default: ones).map(Int.init)
        let dilations = try n.ints("dilations", default: ones).map(Int.init)
        let outputPadding = try n.ints("output_padding", default: zeros).map(Int.init)
        let group = Int(try n.int("group", default: 1))
        guard strides.count == rank, dilations.count == rank, outputPadding.count == rank else {
            throw ctx.fail(n, "strides, dilations and output_padding must have \(rank) values")
        }
        let outputShape = n.attributes["output_shape"] != nil ? try n.ints("output_shape").map(Int.init) : nil
        if let outputShape, outputShape.count != rank { throw ctx.fail(n, "output_shape \(outputShape) must have \(rank) values") }
        let autoPad = try n.string("auto_pad", default: "NOTSET")
        var natural = [Int](repeating: 0, count: rank)
        for d in 0..<rank { natural[d] = strides[d] * (input[d] - 1) + dilations[d] * (kernel[d] - 1) + 1 }

        // As ONNX's reference: the start padding comes from `pads`, or is split off the total padding an
        // output_shape (or SAME's input·stride) implies; the end padding is whatever gives the output size.
        var begin = [Int](repeating: 0, count: rank), size = [Int](repeating: 0, count: rank)
        let explicitPads = n.attributes["pads"] != nil && autoPad == "NOTSET"
        if explicitPads || (autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER" && outputShape == nil) {
            let pads = try n.ints("pads", default: zeros + zeros).map(Int.init)
            guard pads.count == 2 * rank else { throw ctx.fail(n, "pads \(pads) must have \(2 * rank) values") }
            let valid = autoPad == "VALID"
            for d in 0..<rank {
                begin[d] = valid ? 0 : pads[d]
                let end = valid ? 0 : pads[rank + d]
                size[d] = outputShape.map { $0[d] } ?? (natural[d] + outputPadding[d] - begin[d] - end)
            }
        } else {
            guard ["NOTSET", "SAME_UPPER", "SAME_LOWER"].contains(autoPad) else { throw ctx.fail(n, "unknown auto_pad '\(autoPad)'") }
            for d in 0..<rank {
                size[d] = outputShape.map { $0[d] } ?? (input[d] * strides[d])
                let total = natural[d] + outputPadding[d] - size[d]
                let half = total >= 0 ? total / 2 : -((1 - total) / 2)  // floor division, as ONNX's reference
                begin[d] = autoPad == "SAME_UPPER" ? half : total - half
            }
        }
        var end = [Int](repeating: 0, count: rank)
        for d in 0..<rank { end[d] = natural[d] - begin[d] - size[d] }
        let a = ConvTransposeAttributes(outChannels: w[1] * group, kernel: kernel, strides: strides, dilations: dilations,
                                        padsBegin: begin, padsEnd: end, groups: group)
        var inputs = [x, weight]
        if ctx.hasInput(n, 2) { inputs.append(n.inputs[2]) }
        try ctx.emit(.convTranspose(a), inputs, from: n, output: n.outputs[0])
    }
}
