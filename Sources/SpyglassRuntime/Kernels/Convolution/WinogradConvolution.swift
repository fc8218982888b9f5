import CKernels
import SpyglassIR

/// 3×3 stride-1 convolution by Winograd F(2×2, 3×3): 2.25× fewer multiplications than im2col + GEMM,
/// paid for with input/output transforms and scratch of 16·tiles·(C + O) floats. Chosen for the
/// deep, wide layers where the GEMMs dominate (see `supports`); weights are transformed at plan time.
/// Measured (Tests/Benchmarks, yolov3-tiny shapes, 1 thread): 384→256 @26 1.85× faster than im2col,
/// 512→1024 @13 1.25×, 64→128 @52 1.4×; 32→64 @104 was 15% slower, hence C ≥ 64.
/// Against the packed-GEMM TiledConvolution (1 thread, back to back): YOLOv8-style 128→64 @80 Tiled 93 vs
/// Winograd 53 GFLOPS-equivalent, 128→64 @40 87 vs 54; yolov3-tiny 64→128 @52 Tiled 97 vs Winograd 131,
/// 128→256 @52 50 vs 168, 256→512 @26 47 vs 141, 512→1024 @13 64 vs 102: with few output channels the
/// input transform is shared by too few of them, hence O ≥ 128.
public final class WinogradConvolution: ConvolutionAlgorithm {
    let geometry: ConvGeometry
    /// The 16 transformed weight matrices U[e] (O × C), as one `ConvGEMM` with a group per e (no bias,
    /// no activation: those come after the output transform).
    let gemm: ConvGEMM
    let bias: AlignedFloats?
    let tilesH: Int, tilesW: Int

    /// Largest scratch (floats) worth spending: beyond it the transforms stream from memory.
    static let scratchLimit = 8 * 1024 * 1024

    public static func supports(_ g: ConvGeometry) -> Bool {
        guard g.kernelH == 3, g.kernelW == 3, g.strideH == 1, g.strideW == 1, g.dilationH == 1, g.dilationW == 1,
              g.groups == 1, g.inChannels >= 64, g.outChannels >= 128 else { return false }
        let tiles = ((g.outH + 1) / 2) * ((g.outW + 1) / 2)
        return 16 * tiles * (g.inChannels + g.outChannels) <= scratchLimit
    }

    static func transformWeights(_ g: ConvGeometry, _ weights: AlignedFloats) -> AlignedFloats {
        let u = AlignedFloats(count: 16 * g.outChannels * g.inChannels)
        sg_winograd23_weights(weights.pointer, Int32(g.outChannels), Int32(g.inChannels), u.pointer)
        return u
    }

    /// The transformed weights as the packed GEMM reads them (a pure function of the weights), written
    /// straight into panels: no transient unpacked copy.
    static func packWeights(_ g: ConvGeometry, _ weights: AlignedFloats) -> AlignedFloats {
        let packed = AlignedFloats(count: 16 * PackedGEMM.packedCount(rows: g.outChannels, depth: g.inChannels))
        sg_winograd23_weights_packed(weights.pointer, Int32(g.outChannels), Int32(g.inChannels), packed.pointer)
        return packed
    }

    public convenience init(geometry g: ConvGeometry, weights: AlignedFloats, bias: AlignedFloats?) {
        let storage: ConvGEMM.Storage = ConvGEMM.prefersPacked(rows: g.outChannels)
            ? .packed(Self.packWeights(g, weights)) : .rowMajor(Self.transformWeights(g, weights))
        weights.releaseBorrowedPages()  // only the transformed copy is used from here on
        self.init(geometry: g, gemm: ConvGEMM(storage: storage, groups: 16, rows: g.outChannels, depth: g.inChannels,
                                              bias: nil, activation: Activation.linear.cCode), bias: bias)
    }

    /// With weights already transformed and packed by `packWeights`.
    convenience init(geometry g: ConvGeometry, packedWeights: AlignedFloats, bias: AlignedFloats?) {
        self.init(geometry: g, gemm: ConvGEMM(storage: .packed(packedWeights), groups: 16, rows: g.outChannels,
                                              depth: g.inChannels, bias: nil, activation: Activation.linear.cCode), bias: bias)
    }

    init(geometry: ConvGeometry, gemm: ConvGEMM, bias: AlignedFloats?) {
        self.geometry = geometry
        self.gemm = gemm
        self.bias = bias
        tilesH = (geometry.outH + 1) / 2
        tilesW = (geometry.outW + 1) / 2
    }

    var tiles: Int { tilesH * tilesW }
    public var workspaceCount: Int { 16 * tiles * (geometry.inChannels + geometry.outChannels) }

    public func run(_ io: KernelIO) {
        let g = geometry
        let c = g.inChannels, o = g.outChannels, tiles = self.tiles
        let v = io.workspace, m = io.workspace + 16 * c * tiles
        let gemm = self.gemm, b = bias.map { UnsafePointer($0.pointer) }
        let th = Int32(tilesH), tw = Int32(tilesW), act = g.activation.cCode
        for item in 0..<g.batch {
            let x = io.inputs[0] + item * c * g.inPlane
            let y = io.outputs[0] + item * o * g.outPlane
            io.parallel.forEach(c, grain: 8) { r in
                sg_winograd23_input(x, Int32(r.lowerBound), Int32(r.upperBound), Int32(c), Int32(g.height), Int32(g.width),
                                    Int32(g.padding.top), Int32(g.padding.left), th, tw, v)
            }
            io.parallel.forEach(gemm.units, grain: gemm.unitGrain) { units in
                // M[e] = U[e] · V[e] for the output channels of `units`, then their output transform.
                for e in 0..<16 {
                    gemm.multiply(group: e, units: units, b: v + e * c * tiles, ldb: tiles, c: m + e * o * tiles, ldc: tiles, n: tiles)
                }
                let o0 = gemm.firstRow(units.lowerBound), o1 = gemm.firstRow(units.upperBound)
                sg_winograd23_output(m, Int32(o0), Int32(o1), Int32(o), Int32(g.outH), Int32(g.outW), th, tw, b, act, y)
            }
        }
    }
}
