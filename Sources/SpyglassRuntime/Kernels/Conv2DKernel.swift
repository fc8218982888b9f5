import SpyglassIR

/// conv2d: takes the weights and bias as stored (borrowed), then hands the node to the first convolution algorithm
/// that supports its geometry — with the node's stored packed weights when that algorithm packs and they still fit.
enum Conv2DKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .conv2d(let a) = ctx.node.op else { throw ctx.wrongOp }
        _ = try ctx.nchw(0)
        var geometry = ConvGeometry(input: ctx.inputShapes[0], output: ctx.outputShape, attributes: a)
        geometry.threads = max(1, ctx.threads)
        let weights = try ctx.constantBuffer(1, role: "weight")
        let bias = ctx.hasInput(2) ? try ctx.constantBuffer(2, role: "bias") : nil
        guard let algorithm = ConvolutionAlgorithms.algorithm(for: geometry) else {
            throw ctx.unsupported("no convolution algorithm supports \(geometry)")
        }
        guard let packing = algorithm as? PrepackingConvolution.Type, packing.packedLayout(geometry) != nil else {
            return algorithm.init(geometry: geometry, weights: weights, bias: bias)
        }
        // Stored blob: only if made from these very weights, for this layout and geometry.
        if let blob = ctx.packed, ctx.node.inputs.count > 1, blob.weights == ctx.node.inputs[1],
           blob.isPacked(from: ctx.constants[1]), packing.matches(blob, geometry), let base = blob.storage.bytes.baseAddress {
            ctx.prepackLog?.reused.append(ctx.node.name)
            let packed = AlignedFloats(borrowing: base.assumingMemoryBound(to: Float.self),
                                       count: packing.packedCount(geometry), owner: blob.storage)
            return packing.init(geometry: geometry, packed: packed, bias: bias)
        }
        ctx.prepackLog?.packed.append(ctx.node.name)
        return packing.init(geometry: geometry, weights: weights, bias: bias)
    }
}
