import SpyglassIR

/// conv2d: takes the weights and bias as stored (borrowed), then hands the node to the first convolution algorithm
/// that supports its geometry.
enum Conv2DKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .conv2d(let a) = ctx.node.op else { throw ctx.wrongOp }
        _ = try ctx.nchw(0)
        var geometry = ConvGeometry(input: ctx.inputShapes[0], output: ctx.outputShape, attributes: a)
        geometry.threads = max(1, ctx.threads)
        let weights = try ctx.constantBuffer(1, role: "weight")
        let bias = ctx.hasInput(2) ? try ctx.constantBuffer(2, role: "bias") : nil
        guard let kernel = ConvolutionAlgorithms.make(geometry, weights: weights, bias: bias) else {
            throw ctx.unsupported("no convolution algorithm supports \(geometry)")
        }
        return kernel
    }
}
