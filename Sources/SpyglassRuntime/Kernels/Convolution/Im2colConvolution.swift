import CKernels

/// General convolution: im2col of each group into the workspace, then each group's GEMM (`ConvGEMM`,
/// bias + activation fused), its output channels split across threads.
/// Handles stride, dilation, asymmetric padding and groups.
public final class Im2colConvolution: GEMMPackingConvolution {
    let geometry: ConvGeometry
    let gemm: ConvGEMM

    public static func supports(_ geometry: ConvGeometry) -> Bool { true }

    public static func gemmShape(_ g: ConvGeometry) -> (groups: Int, rows: Int, depth: Int) { (g.groups, g.groupOutChannels, g.gemmK) }

    public init(geometry g: ConvGeometry, weights: AlignedFloats, bias: AlignedFloats?) {
        geometry = g
        gemm = Self.gemm(g, weights: weights, bias: bias)
    }

    /// With weights already packed by `pack` (at plan time, or mapped from a file).
    public init(geometry g: ConvGeometry, packed: AlignedFloats, bias: AlignedFloats?) {
        geometry = g
        gemm = Self.gemm(g, packed: packed, bias: bias)
    }

    public var workspaceCount: Int { geometry.gemmK * geometry.outPlane }

    public func run(_ io: KernelIO) {
        let g = geometry, gemm = self.gemm
        let col = io.workspace
        let cg = g.groupInChannels, og = g.groupOutChannels, n = g.outPlane
        let grain = max(1, 32768 / max(1, g.kernelH * g.kernelW * n))
        for b in 0..<g.batch {
            for group in 0..<g.groups {
                let im = io.inputs[0] + (b * g.inChannels + group * cg) * g.inPlane
                io.parallel.forEach(cg, grain: grain, (im, col, g)) { state, r in
                    let (im, col, g) = state
                    sg_im2col(im, Int32(g.height), Int32(g.width), Int32(g.kernelH), Int32(g.kernelW),
                              Int32(g.strideH), Int32(g.strideW), Int32(g.dilationH), Int32(g.dilationW),
                              Int32(g.padding.top), Int32(g.padding.left), Int32(g.outH), Int32(g.outW),
                              Int32(r.lowerBound), Int32(r.upperBound), col)
                }
                let y = io.outputs[0] + (b * g.outChannels + group * og) * n
                io.parallel.forEach(gemm.units, grain: gemm.unitGrain, (gemm, group, col, y, n)) { state, units in
                    let (gemm, group, col, y, n) = state
                    gemm.multiply(group: group, units: units, b: col, ldb: n, c: y, ldc: n, n: n)
                }
            }
        }
    }
}
