import SpyglassIR

/// Conv → conv2d (a 1-D Conv as a conv2d of height 1 between reshapes).
enum ConvImport {
    static let rules: [String: [VersionedRule]] = [
        "Conv": [VersionedRule(since: 1, rule: conv)],
    ]

    static func conv(_ n: ONNXNode, _ ctx: ImportContext) throws {
        let x = try ctx.input(n, 0)
        let weight = try ctx.constantInput(n, 1, role: "weight")
        if weight.dims.count == 3 { return try conv1D(n, ctx, x: x, weight: weight) }
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

    /// x [N, C, L] → [N, C, 1, L], the weight [O, C/g, k] → [O, C/g, 1, k], conv2d, then back to [N, O, L'].
    static func conv1D(_ n: ONNXNode, _ ctx: ImportContext, x: String, weight: FoldedTensor) throws {
        let kernel = try n.ints("kernel_shape", default: [Int64(weight.dims[2])]).map(Int.init)
        guard kernel == [weight.dims[2]] else { throw ctx.fail(n, "kernel_shape \(kernel) disagrees with weight \(weight.dims)") }
        let strides = try n.ints("strides", default: [1]).map(Int.init)
        let dilations = try n.ints("dilations", default: [1]).map(Int.init)
        guard strides.count == 1, dilations.count == 1 else { throw ctx.fail(n, "strides/dilations must have 1 value") }
        let pads = try SpatialPaddingND.resolve(n, ctx, input: x, kernel: kernel, strides: strides, dilations: dilations)
        let image = try ctx.emit(.reshape(ReshapeAttributes(shape: [0, 0, 1, -1])), [x], from: n, step: "as_image")
        let planar = FoldedTensor(dataType: weight.dataType, dims: [weight.dims[0], weight.dims[1], 1, weight.dims[2]], values: weight.values)
        var inputs = [image, try ctx.constantTensor(ctx.uniqueTensor("\(n.name)/weight"), planar, for: n)]
        if ctx.hasInput(n, 2) { inputs.append(n.inputs[2]) }
        let a = Conv2DAttributes(outChannels: weight.dims[0], kernelH: 1, kernelW: kernel[0], strideW: strides[0], dilationW: dilations[0],
                                 padding: Padding2D(top: 0, left: pads.begin[0], bottom: 0, right: pads.end[0]),
                                 groups: Int(try n.int("group", default: 1)))
        let y = try ctx.emit(.conv2d(a), inputs, from: n, step: "conv")
        try ctx.emit(.reshape(ReshapeAttributes(shape: [0, 0, -1])), [y], from: n, output: n.outputs[0], step: "as_sequence")
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
