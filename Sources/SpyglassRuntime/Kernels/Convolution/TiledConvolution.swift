import CKernels

/// Ungrouped convolution as GEMM, parallelised by the runtime (OpenBLAS runs single-threaded):
/// - many output positions: cut them into column tiles sized so a tile's im2col block stays in L2;
///   each thread packs a tile into its own scratch, multiplies, and applies bias + activation
///   while the tile is hot (1×1 stride-1 convs skip the packing: the input is the GEMM's B);
/// - few output positions (deep layers): one im2col of the whole input, then threads split the
///   output channels.
public final class TiledConvolution: ConvolutionAlgorithm {
    let geometry: ConvGeometry
    let weights: AlignedFloats
    let bias: AlignedFloats?
    /// Output positions per tile, or 0 for the channel-split strategy.
    let tile: Int

    /// Floats of im2col scratch per tile that keep it in a 1 MiB L2 with room for weights and output.
    static let tileBudget = 96 * 1024
    static let minimumTile = 256

    public static func supports(_ geometry: ConvGeometry) -> Bool { geometry.groups == 1 }

    public init(geometry: ConvGeometry, weights: AlignedFloats, bias: AlignedFloats?) {
        self.geometry = geometry
        self.weights = weights
        self.bias = bias
        let tile = max(Self.minimumTile, Self.tileBudget / max(geometry.gemmK, 1)) / 16 * 16
        self.tile = geometry.outPlane >= 4 * tile ? tile : 0
    }

    public var workspaceCount: Int {
        let g = geometry
        if g.isPointwise { return 0 }
        return tile > 0 ? g.threads * g.gemmK * tile : g.gemmK * g.outPlane
    }

    public func run(_ io: KernelIO) {
        let g = geometry
        let n = g.outPlane, k = g.gemmK, m = g.outChannels
        let w = UnsafePointer(weights.pointer), b = bias.map { UnsafePointer($0.pointer) }
        let act = g.activation.cCode
        for item in 0..<g.batch {
            let x = io.inputs[0] + item * g.inChannels * g.inPlane
            let y = io.outputs[0] + item * m * n
            if tile > 0 {
                let tiles = (n + tile - 1) / tile
                io.parallel.forEachChunk(tiles) { chunk, range in
                    let scratch = io.workspace + chunk * k * tile
                    for t in range {
                        let n0 = t * tile, n1 = min(n, n0 + tile)
                        if g.isPointwise {
                            sg_conv_gemm_columns(w, Int32(m), Int32(k), x + n0, n, y + n0, n, n1 - n0, b, act)
                        } else {
                            sg_im2col_columns(x, Int32(g.inChannels), Int32(g.height), Int32(g.width), Int32(g.kernelH), Int32(g.kernelW),
                                              Int32(g.strideH), Int32(g.strideW), Int32(g.dilationH), Int32(g.dilationW),
                                              Int32(g.padding.top), Int32(g.padding.left), Int32(g.outW), n0, n1, scratch)
                            sg_conv_gemm_columns(w, Int32(m), Int32(k), scratch, n1 - n0, y + n0, n, n1 - n0, b, act)
                        }
                    }
                }
            } else {
                var col = UnsafePointer(x)
                if !g.isPointwise {
                    let grain = max(1, 32768 / max(1, g.kernelH * g.kernelW * n))
                    io.parallel.forEach(g.inChannels, grain: grain) { r in
                        sg_im2col(x, Int32(g.height), Int32(g.width), Int32(g.kernelH), Int32(g.kernelW),
                                  Int32(g.strideH), Int32(g.strideW), Int32(g.dilationH), Int32(g.dilationW),
                                  Int32(g.padding.top), Int32(g.padding.left), Int32(g.outH), Int32(g.outW),
                                  Int32(r.lowerBound), Int32(r.upperBound), io.workspace)
                    }
                    col = UnsafePointer(io.workspace)
                }
                io.parallel.forEach(m, grain: 16) { r in
                    sg_conv_gemm_rows(w, r.lowerBound, r.upperBound, Int32(k), col, n, y, b, act)
                }
            }
        }
    }
}
