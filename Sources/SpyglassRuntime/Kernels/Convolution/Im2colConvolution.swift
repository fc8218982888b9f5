import CKernels

/// General convolution: im2col of each group into the workspace, then one sgemm per group.
/// Handles stride, dilation, asymmetric padding and groups.
public final class Im2colConvolution: ConvolutionAlgorithm {
    let geometry: ConvGeometry
    let weights: AlignedFloats
    let epilogue: ConvEpilogue

    public static func supports(_ geometry: ConvGeometry) -> Bool { true }

    public init(geometry: ConvGeometry, weights: AlignedFloats, bias: AlignedFloats?) {
        self.geometry = geometry
        self.weights = weights
        epilogue = ConvEpilogue(bias: bias, channels: geometry.outChannels,
                                spatial: geometry.outPlane, activation: geometry.activation)
    }

    public var workspaceCount: Int { geometry.gemmK * geometry.outPlane }

    public func run(_ io: KernelIO) {
        let g = geometry
        let col = io.workspace
        let cg = g.groupInChannels, og = g.groupOutChannels, k = g.gemmK, n = g.outPlane
        let grain = max(1, 32768 / max(1, g.kernelH * g.kernelW * n))
        for b in 0..<g.batch {
            let y = io.outputs[0] + b * g.outChannels * n
            for group in 0..<g.groups {
                let im = io.inputs[0] + (b * g.inChannels + group * cg) * g.inPlane
                io.parallel.forEach(cg, grain: grain) { r in
                    sg_im2col(im, Int32(g.height), Int32(g.width), Int32(g.kernelH), Int32(g.kernelW),
                              Int32(g.strideH), Int32(g.strideW), Int32(g.dilationH), Int32(g.dilationW),
                              Int32(g.padding.top), Int32(g.padding.left), Int32(g.outH), Int32(g.outW),
                              Int32(r.lowerBound), Int32(r.upperBound), col)
                }
                sg_sgemm(0, 0, Int32(og), Int32(n), Int32(k), 1, weights.pointer + group * og * k, Int32(k),
                         col, Int32(n), 0, y + group * og * n, Int32(n))
            }
            epilogue.apply(y, io.parallel)
        }
    }
}
