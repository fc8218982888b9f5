import CKernels

/// Ungrouped convolution as GEMM (`ConvGEMM`: prepacked weights, bias + activation fused),
/// parallelised by the runtime:
/// - many output positions: cut them into column tiles sized so a tile's im2col block stays in L2;
///   the (batch item × tile) jobs are shared out in one parallel loop, so batches and threads scale;
///   each thread packs a tile into its own scratch and multiplies it (1×1 stride-1 convs skip the
///   im2col: the input is the GEMM's B);
/// - few output positions (deep layers): one im2col of the whole input, then threads split the
///   output channels; with two items or more per thread, threads take whole items instead.
public final class TiledConvolution: GEMMPackingConvolution {
    let geometry: ConvGeometry
    let gemm: ConvGEMM
    /// Output positions per tile, or 0 for the channel-split strategy.
    let tile: Int

    /// Floats of im2col scratch per tile that keep it in a 1 MiB L2 with room for weights and output.
    static let tileBudget = 96 * 1024
    static let minimumTile = 256

    public static func supports(_ geometry: ConvGeometry) -> Bool { geometry.groups == 1 }

    public static func gemmShape(_ g: ConvGeometry) -> (groups: Int, rows: Int, depth: Int) { (1, g.outChannels, g.gemmK) }

    public convenience init(geometry: ConvGeometry, weights: AlignedFloats, bias: AlignedFloats?) {
        self.init(geometry: geometry, gemm: Self.gemm(geometry, weights: weights, bias: bias))
    }

    /// With weights already packed by `pack` (at plan time, or mapped from a file).
    public convenience init(geometry: ConvGeometry, packed: AlignedFloats, bias: AlignedFloats?) {
        self.init(geometry: geometry, gemm: Self.gemm(geometry, packed: packed, bias: bias))
    }

    init(geometry: ConvGeometry, gemm: ConvGEMM) {
        self.geometry = geometry
        self.gemm = gemm
        let tile = max(Self.minimumTile, Self.tileBudget / max(geometry.gemmK, 1)) / 32 * 32
        self.tile = geometry.outPlane >= 4 * tile ? tile : 0
    }

    /// Batches of at least two items per thread run whole items per thread (see `runItems`).
    var splitsItems: Bool { tile == 0 && geometry.threads > 1 && geometry.batch >= 2 * geometry.threads }

    public var workspaceCount: Int {
        let g = geometry
        if g.isPointwise { return 0 }
        if splitsItems { return g.threads * g.gemmK * g.outPlane }
        return tile > 0 ? g.threads * g.gemmK * tile : g.gemmK * g.outPlane
    }

    public func run(_ io: KernelIO) {
        if tile > 0 { runColumnTiles(io) } else if splitsItems { runItems(io) } else { runChannelSplit(io) }
    }

    /// Few output positions, several items per thread: each thread takes whole items (its own
    /// im2col, every output channel), so no data one thread writes is read by another — where the
    /// channel split shares each item's im2col between threads. yolov3-tiny batch 8, 2 threads, back to
    /// back: 512→1024 @13 64.4 vs 64.9 ms, 256→512 @13 15.8 vs 17.3, 512→512 @13 15.9 vs 16.9.
    private func runItems(_ io: KernelIO) {
        let g = geometry
        io.parallel.forEachChunk(g.batch, (io.inputs[0], io.outputs[0], io.workspace, gemm, g)) { state, chunk, items in
            let (input, output, workspace, gemm, g) = state
            let n = g.outPlane
            let scratch = workspace + chunk * g.gemmK * n
            for item in items {
                let x = input + item * g.inChannels * g.inPlane
                var col = UnsafePointer(x)
                if !g.isPointwise {
                    sg_im2col(x, Int32(g.height), Int32(g.width), Int32(g.kernelH), Int32(g.kernelW),
                              Int32(g.strideH), Int32(g.strideW), Int32(g.dilationH), Int32(g.dilationW),
                              Int32(g.padding.top), Int32(g.padding.left), Int32(g.outH), Int32(g.outW),
                              0, Int32(g.inChannels), scratch)
                    col = UnsafePointer(scratch)
                }
                gemm.multiply(group: 0, b: col, ldb: n, c: output + item * g.outChannels * n, ldc: n, n: n)
            }
        }
    }

    private func runColumnTiles(_ io: KernelIO) {
        let g = geometry, gemm = self.gemm, tile = self.tile
        let tiles = (g.outPlane + tile - 1) / tile
        io.parallel.forEachChunk(g.batch * tiles, (io.inputs[0], io.outputs[0], io.workspace, gemm, g, tile, tiles)) { state, chunk, jobs in
            let (input, output, workspace, gemm, g, tile, tiles) = state
            let n = g.outPlane, k = g.gemmK
            let scratch = workspace + chunk * k * tile
            for job in jobs {
                let item = job / tiles, n0 = (job % tiles) * tile, n1 = min(n, n0 + tile)
                let x = input + item * g.inChannels * g.inPlane
                let y = output + item * g.outChannels * n
                if g.isPointwise {
                    // The next tile's input (most often this thread's next job) streams into L2
                    // meanwhile: K rows far apart are more streams than the hardware prefetcher follows.
                    let next = min(n, n1 + tile) - n1
                    var after = sg_prefetch_region(base: UnsafeRawPointer(x + n1).assumingMemoryBound(to: CChar.self),
                                                   blocks: next > 0 ? k : 0, stride: n * 4, bytes: next * 4)
                    gemm.multiply(group: 0, b: x + n0, ldb: n, c: y + n0, ldc: n, n: n1 - n0, after: &after)
                } else {
                    sg_im2col_columns(x, Int32(g.inChannels), Int32(g.height), Int32(g.width), Int32(g.kernelH), Int32(g.kernelW),
                                      Int32(g.strideH), Int32(g.strideW), Int32(g.dilationH), Int32(g.dilationW),
                                      Int32(g.padding.top), Int32(g.padding.left), Int32(g.outW), n0, n1, scratch)
                    gemm.multiply(group: 0, b: scratch, ldb: n1 - n0, c: y + n0, ldc: n, n: n1 - n0)
                }
            }
        }
    }

    private func runChannelSplit(_ io: KernelIO) {
        let g = geometry, gemm = self.gemm
        let n = g.outPlane
        for item in 0..<g.batch {
            let x = io.inputs[0] + item * g.inChannels * g.inPlane
            let y = io.outputs[0] + item * g.outChannels * n
            var col = UnsafePointer(x)
            if !g.isPointwise {
                let grain = max(1, 32768 / max(1, g.kernelH * g.kernelW * n))
                io.parallel.forEach(g.inChannels, grain: grain, (x, io.workspace, g)) { state, r in
                    let (x, workspace, g) = state
                    sg_im2col(x, Int32(g.height), Int32(g.width), Int32(g.kernelH), Int32(g.kernelW),
                              Int32(g.strideH), Int32(g.strideW), Int32(g.dilationH), Int32(g.dilationW),
                              Int32(g.padding.top), Int32(g.padding.left), Int32(g.outH), Int32(g.outW),
                              Int32(r.lowerBound), Int32(r.upperBound), workspace)
                }
                col = UnsafePointer(io.workspace)
            }
            io.parallel.forEach(gemm.units, grain: gemm.unitGrain, (gemm, col, y, n)) { state, units in
                let (gemm, col, y, n) = state
                gemm.multiply(group: 0, units: units, b: col, ldb: n, c: y, ldc: n, n: n)
            }
        }
    }
}
