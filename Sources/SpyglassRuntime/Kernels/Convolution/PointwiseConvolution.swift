import CKernels

/// 1×1, stride-1, unpadded convolution: the input planes are the GEMM's B matrix, no im2col.
public final class PointwiseConvolution: ConvolutionAlgorithm {
    let geometry: ConvGeometry
    let weights: AlignedFloats
    let epilogue: ConvEpilogue

    public static func supports(_ geometry: ConvGeometry) -> Bool { geometry.isPointwise }

    public init(geometry: ConvGeometry, weights: AlignedFloats, bias: AlignedFloats?) {
        self.geometry = geometry
        self.weights = weights
        epilogue = ConvEpilogue(bias: bias, channels: geometry.outChannels,
                                spatial: geometry.outPlane, activation: geometry.activation)
    }

    public func run(_ io: KernelIO) {
        let g = geometry
        let cg = g.groupInChannels, og = g.groupOutChannels, n = g.outPlane
        for b in 0..<g.batch {
            let y = io.outputs[0] + b * g.outChannels * n
            for group in 0..<g.groups {
                let x = io.inputs[0] + (b * g.inChannels + group * cg) * n
                sg_sgemm(0, 0, Int32(og), Int32(n), Int32(cg), 1, weights.pointer + group * og * cg, Int32(cg),
                         x, Int32(n), 0, y + group * og * n, Int32(n))
            }
            epilogue.apply(y, io.parallel)
        }
    }
}
