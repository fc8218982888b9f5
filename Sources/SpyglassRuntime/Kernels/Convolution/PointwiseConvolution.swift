import CKernels

/// 1×1, stride-1, unpadded convolution (grouped: ungrouped ones go to `TiledConvolution`): the input
/// planes are each group's GEMM B matrix, no im2col; bias + activation fused into the GEMM.
public final class PointwiseConvolution: GEMMPackingConvolution {
    let geometry: ConvGeometry
    let gemm: ConvGEMM

    public static func supports(_ geometry: ConvGeometry) -> Bool { geometry.isPointwise }

    public static func gemmShape(_ g: ConvGeometry) -> (groups: Int, rows: Int, depth: Int) { (g.groups, g.groupOutChannels, g.groupInChannels) }

    public init(geometry g: ConvGeometry, weights: AlignedFloats, bias: AlignedFloats?) {
        geometry = g
        gemm = Self.gemm(g, weights: weights, bias: bias)
    }

    /// With weights already packed by `pack` (at plan time, or mapped from a file).
    public init(geometry g: ConvGeometry, packed: AlignedFloats, bias: AlignedFloats?) {
        geometry = g
        gemm = Self.gemm(g, packed: packed, bias: bias)
    }

    public func run(_ io: KernelIO) {
        let g = geometry, gemm = self.gemm
        // (batch item × group × units) jobs in one loop.
        let units = gemm.units, perItem = g.groups * units
        io.parallel.forEach(g.batch * perItem, grain: gemm.unitGrain, (io.inputs[0], io.outputs[0], gemm, g, units, perItem)) { state, jobs in
            let (input, output, gemm, g, units, perItem) = state
            let cg = g.groupInChannels, og = g.groupOutChannels, n = g.outPlane
            var job = jobs.lowerBound
            while job < jobs.upperBound {
                let item = job / perItem, group = (job % perItem) / units, u0 = job % units
                let u1 = min(units, u0 + (jobs.upperBound - job))
                let x = input + (item * g.inChannels + group * cg) * n
                let y = output + (item * g.outChannels + group * og) * n
                gemm.multiply(group: group, units: u0..<u1, b: x, ldb: n, c: y, ldc: n, n: n)
                job += u1 - u0
            }
        }
    }
}
