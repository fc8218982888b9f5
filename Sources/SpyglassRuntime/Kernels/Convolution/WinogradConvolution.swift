import CKernels

/// 3×3 stride-1 convolution by Winograd F(2×2, 3×3): 2.25× fewer multiplications than im2col + GEMM,
/// paid for with input/output transforms and scratch of 16·tiles·(C + O) floats. Chosen for the
/// deep, wide layers where the GEMMs dominate (see `supports`); weights are transformed at plan time.
/// Measured (Tests/Benchmarks, yolov3-tiny shapes, 1 thread): 384→256 @26 1.85× faster than im2col,
/// 512→1024 @13 1.25×, 64→128 @52 1.4×; 32→64 @104 was 15% slower, hence C ≥ 64; 13×13 layers are
/// left to GEMM for memory (see `minimumTiles`).
public final class WinogradConvolution: PrepackingConvolution {
    let geometry: ConvGeometry
    let transformed: AlignedFloats
    let bias: AlignedFloats?
    let tilesH: Int, tilesW: Int

    /// Largest scratch (floats) worth spending: beyond it the transforms stream from memory.
    static let scratchLimit = 8 * 1024 * 1024

    /// Fewest 2×2 output tiles per image worth keeping the transformed weights (16/9 the size of the
    /// 3×3 weights) in memory. With few tiles the multiply streams all of U per handful of tiles and the
    /// gain shrinks: on yolov3-tiny (1 thread, `spyglass bench`, Winograd vs tiled GEMM back to back)
    /// 26×26 (169 tiles) 384→256 ran 7.1 vs 13.2 ms for +2.6 MiB, but 13×13 (49 tiles) 512→1024 ran
    /// 13.0 vs 17.5–19 ms for +14 MiB and 256→512 3.3 vs 4.5 ms for +3.5 MiB each — the 13×13 layers
    /// alone put the model over its RSS budget (1.3 × weights + arena).
    static let minimumTiles = 100

    public static func supports(_ g: ConvGeometry) -> Bool {
        guard g.kernelH == 3, g.kernelW == 3, g.strideH == 1, g.strideW == 1, g.dilationH == 1, g.dilationW == 1,
              g.groups == 1, g.inChannels >= 64, g.outChannels >= 32 else { return false }
        let tiles = ((g.outH + 1) / 2) * ((g.outW + 1) / 2)
        return tiles >= minimumTiles && 16 * tiles * (g.inChannels + g.outChannels) <= scratchLimit
    }

    /// U = G·g·Gᵀ of every filter: 16 × O × C floats (see `sg_winograd23_weights` for the order).
    public static let layoutID = "winograd23.v1"
    public static func packedLayout(_ geometry: ConvGeometry) -> String? { layoutID }

    public static func packedCount(_ g: ConvGeometry) -> Int { 16 * g.outChannels * g.inChannels }

    public static func pack(_ g: ConvGeometry, weights: UnsafePointer<Float>, into packed: UnsafeMutablePointer<Float>) {
        sg_winograd23_weights(weights, Int32(g.outChannels), Int32(g.inChannels), packed)
    }

    public init(geometry: ConvGeometry, packed: AlignedFloats, bias: AlignedFloats?) {
        self.geometry = geometry
        tilesH = (geometry.outH + 1) / 2
        tilesW = (geometry.outW + 1) / 2
        transformed = packed
        self.bias = bias
    }

    var tiles: Int { tilesH * tilesW }
    public var workspaceCount: Int { 16 * tiles * (geometry.inChannels + geometry.outChannels) }

    public func run(_ io: KernelIO) {
        let g = geometry
        let c = g.inChannels, o = g.outChannels, tiles = self.tiles
        let v = io.workspace, m = io.workspace + 16 * c * tiles
        let u = UnsafePointer(transformed.pointer), b = bias.map { UnsafePointer($0.pointer) }
        let th = Int32(tilesH), tw = Int32(tilesW), act = g.activation.cCode
        for item in 0..<g.batch {
            let x = io.inputs[0] + item * c * g.inPlane
            let y = io.outputs[0] + item * o * g.outPlane
            io.parallel.forEach(c, grain: 8) { r in
                sg_winograd23_input(x, Int32(r.lowerBound), Int32(r.upperBound), Int32(c), Int32(g.height), Int32(g.width),
                                    Int32(g.padding.top), Int32(g.padding.left), th, tw, v)
            }
            io.parallel.forEach(o, grain: 16) { r in
                sg_winograd23_multiply(u, v, m, Int32(o), Int32(c), tiles, Int32(r.lowerBound), Int32(r.upperBound))
                sg_winograd23_output(m, Int32(r.lowerBound), Int32(r.upperBound), Int32(o), Int32(g.outH), Int32(g.outW),
                                     th, tw, b, act, y)
            }
        }
    }
}
