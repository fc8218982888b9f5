import SpyglassIR

/// `[convolutional]` (parse_convolutional): conv2d with bias and fused activation, or, with
/// batch_normalize=1, conv2d without bias → batchNorm (Darknet's biases become BN's bias) → activation.
enum ConvolutionalLayer {
    static func build(_ o: OptionReader, _ b: GraphBuilder) throws -> LayerOutput {
        let filters = o.int("filters", 1, atLeast: 1)
        let size = o.int("size", 1, atLeast: 1)
        let stride = o.int("stride", 1, atLeast: 1)
        let pad = o.bool("pad")
        var padding = o.int("padding", 0, atLeast: 0)
        if pad { padding = size / 2 }
        let groups = o.int("groups", 1, atLeast: 1)
        // AlexeyAB's fork: the kernel is dilated and its padding scaled by the same factor.
        let requestedDilation = o.int("dilation", 1, atLeast: 1)
        let dilation = size == 1 ? 1 : requestedDilation
        let activation = o.activation(default: .logistic)
        let batchNormalize = o.bool("batch_normalize")
        let flipped = o.bool("flipped")
        o.unsupportedIfSet("binary", "binary convolutions are not supported")
        o.unsupportedIfSet("xnor", "XNOR convolutions are not supported")
        o.ignore(["dot"])
        if flipped && groups != 1 {
            o.problem(.unsupported, key: "flipped", "flipped=1 with groups=\(groups): Darknet transposes past the end of the weights")
        }

        let x = try b.previousImage()
        let c = try b.chw(x).c
        let attrs = Conv2DAttributes(outChannels: filters, kernelH: size, kernelW: size, strideH: stride, strideW: stride,
                                     dilationH: dilation, dilationW: dilation, padding: .symmetric(padding * dilation),
                                     groups: groups, activation: batchNormalize ? .linear : activation)
        let weightLayout: SlotLayout = flipped ? .transposed(rows: c * size * size, cols: filters) : .direct

        // Darknet's load order: biases, [scales, rolling_mean, rolling_variance], weights.
        if !batchNormalize {
            let bias = try b.parameter("conv.bias", [filters])
            let weight = try b.parameter("conv.weight", [filters, c / groups, size, size], layout: weightLayout)
            return LayerOutput(tensor: try b.add("conv", .conv2d(attrs), [x, weight, bias]))
        }
        let bias = try b.parameter("bn.bias", [filters])
        let scale = try b.parameter("bn.scale", [filters])
        let mean = try b.parameter("bn.mean", [filters])
        let variance = try b.parameter("bn.variance", [filters], fill: 1)
        let weight = try b.parameter("conv.weight", [filters, c / groups, size, size], layout: weightLayout)
        let conv = try b.add("conv", .conv2d(attrs), [x, weight])
        var out = try b.add("bn", .batchNorm(.darknet), [conv, scale, bias, mean, variance])
        if activation != .linear { out = try b.add("act", .activation(activation), [out]) }
        return LayerOutput(tensor: out)
    }
}
