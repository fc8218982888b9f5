import SpyglassIR

/// Conv → conv2d; Gemm → fullyConnected where the weight is constant and alpha = beta = 1.
enum ConvImport {
    static let rules: [String: [VersionedRule]] = [
        "Conv": [VersionedRule(since: 1, rule: conv)],
        "Gemm": [VersionedRule(since: 1, rule: gemm)],
    ]

    static func conv(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let x = try ctx.input(n, 0)
        let weight = try ctx.constantInput(n, 1, role: "weight")
        guard weight.dims.count == 4 else { throw ctx.fail(n, "only 2-D convolution is supported (weight \(weight.dims))") }
        let kernel = try n.ints("kernel_shape", default: weight.dims[2...].map(Int64.init)).map(Int.init)
        guard kernel == Array(weight.dims[2...]) else { throw ctx.fail(n, "kernel_shape \(kernel) disagrees with weight \(weight.dims)") }
        let strides = try n.ints("strides", default: [1, 1]).map(Int.init)
        let dilations = try n.ints("dilations", default: [1, 1]).map(Int.init)
        guard strides.count == 2, dilations.count == 2 else { throw ctx.fail(n, "strides/dilations must have 2 values") }
        let group = Int(try n.int("group", default: 1))
        let padding = try SpatialPadding.resolve(n, ctx, input: x, kernel: kernel, strides: strides, dilations: dilations)
        var inputs = [x, n.inputs[1]]
        if ctx.hasInput(n, 2) { inputs.append(n.inputs[2]) }
        let a = Conv2DAttributes(outChannels: weight.dims[0], kernelH: kernel[0], kernelW: kernel[1], strideH: strides[0], strideW: strides[1],
                                 dilationH: dilations[0], dilationW: dilations[1], padding: padding, groups: group)
        try ctx.emit(.conv2d(a), inputs, from: n, output: n.outputs[0])
    }

    /// Y = A·B' + C with B constant: the IR's fully connected layer ([outputs, inputs] weight).
    static func gemm(_ n: ONNXNode, _ ctx: ImportContext) throws {
        guard try n.float("alpha", default: 1) == 1, try n.float("beta", default: 1) == 1, try n.int("transA", default: 0) == 0 else {
            throw ctx.fail(n, "only alpha = beta = 1 and transA = 0 map onto a fully connected layer")
        }
        let x = try ctx.input(n, 0)
        guard try ctx.partialShape(x, for: n).count == 2 else { throw ctx.fail(n, "input A must be rank 2") }
        var w = try ctx.constantInput(n, 1, role: "B")
        guard w.dims.count == 2 else { throw ctx.fail(n, "B must be rank 2, got \(w.dims)") }
        if try n.int("transB", default: 0) == 0 {  // B is [inputs, outputs]: store it transposed
            let (k, m) = (w.dims[0], w.dims[1])
            var t = [Double](repeating: 0, count: k * m)
            for i in 0..<k { for j in 0..<m { t[j * k + i] = w.values[i * m + j] } }
            w = FoldedTensor(dataType: w.dataType, dims: [m, k], values: t)
        }
        let outputs = w.dims[0]
        let weight = try ctx.constantTensor(ctx.uniqueTensor("\(n.name)/weight"), w, for: n)
        var inputs = [x, weight]
        if ctx.hasInput(n, 2) {
            var c = try ctx.constantInput(n, 2, role: "C")
            guard c.count == outputs || c.count == 1 else { throw ctx.fail(n, "C \(c.dims) must broadcast as a per-output bias") }
            c = FoldedTensor(dataType: c.dataType, dims: [outputs], values: c.count == 1 ? Array(repeating: c.values[0], count: outputs) : c.values)
            inputs.append(try ctx.constantTensor(ctx.uniqueTensor("\(n.name)/bias"), c, for: n))
        }
        try ctx.emit(.fullyConnected(FullyConnectedAttributes(outputs: outputs)), inputs, from: n, output: n.outputs[0])
    }
}

/// `pads` / `auto_pad` of Conv and the pooling ops as explicit per-side padding.
enum SpatialPadding {
    static func resolve(_ n: ONNXNode, _ ctx: ImportContext, input: String, kernel: [Int], strides: [Int], dilations: [Int]) throws -> Padding2D {
        let autoPad = try n.string("auto_pad", default: "NOTSET")
        switch autoPad {
        case "NOTSET":
            let p = try n.ints("pads", default: [0, 0, 0, 0]).map(Int.init)
            guard p.count == 4, p.allSatisfy({ $0 >= 0 }) else { throw ctx.fail(n, "pads \(p) must be 4 non-negative values") }
            return Padding2D(top: p[0], left: p[1], bottom: p[2], right: p[3])
        case "VALID":
            return .zero
        case "SAME_UPPER", "SAME_LOWER":
            let shape = try ctx.shape(input, for: n, concreteAt: [2, 3]).map { $0 ?? 0 }
            guard shape.count == 4 else { throw ctx.fail(n, "input must be NCHW, got \(shape)") }
            var begin = [0, 0], end = [0, 0]
            for d in 0..<2 {
                let size = shape[2 + d], out = (size + strides[d] - 1) / strides[d]
                let total = max((out - 1) * strides[d] + dilations[d] * (kernel[d] - 1) + 1 - size, 0)
                let small = total / 2, large = total - small
                (begin[d], end[d]) = autoPad == "SAME_UPPER" ? (small, large) : (large, small)
            }
            return Padding2D(top: begin[0], left: begin[1], bottom: end[0], right: end[1])
        default:
            throw ctx.fail(n, "unknown auto_pad '\(autoPad)'")
        }
    }
}
