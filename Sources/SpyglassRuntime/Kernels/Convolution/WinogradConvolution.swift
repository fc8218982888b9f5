import CKernels
import SpyglassIR

/// 3×3 stride-1 convolution by Winograd F(2×2, 3×3): 2.25× fewer multiplications than im2col + GEMM,
/// paid for with input/output transforms and scratch of 16·tiles·(C + O) floats. Chosen for the
/// deep, wide layers where the GEMMs dominate (see `supports`); weights are transformed at plan time.
/// Measured (Tests/Benchmarks, yolov3-tiny shapes, 1 thread): 384→256 @26 1.85× faster than im2col,
/// 512→1024 @13 1.25×, 64→128 @52 1.4×; 32→64 @104 was 15% slower, hence C ≥ 64.
/// Against the packed-GEMM TiledConvolution (1 thread, back to back): yolov3-tiny 64→128 @52 Tiled 97 vs
/// Winograd 131 GFLOPS-equivalent, 128→256 @52 50 vs 168, 256→512 @26 47 vs 141, 512→1024 @13 64 vs 102.
/// With the transforms vectorised, 64 output channels pay too (YOLOv8-style, 1 thread, `spyglass
/// bench`): 128→64 @80 7.4 ms against BandConvolution's 8.7 (15.6 with the scalar transforms), 128→64
/// @40 2.0 against 2.4; hence O ≥ 64. 32→32 @160 was level with Band (4.3–4.7 vs 4.5 ms), hence C ≥ 64.
/// 13×13 layers are left to GEMM for memory (see `minimumTiles`).
public final class WinogradConvolution: PrepackingConvolution {
    let geometry: ConvGeometry
    /// The 16 transformed weight matrices U[e] (O × C), as one `ConvGEMM` with a group per e (no bias,
    /// no activation: those come after the output transform).
    let gemm: ConvGEMM
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
              g.groups == 1, g.inChannels >= 64, g.outChannels >= 64 else { return false }
        let tiles = ((g.outH + 1) / 2) * ((g.outW + 1) / 2)
        return tiles >= minimumTiles && 16 * tiles * (g.inChannels + g.outChannels) <= scratchLimit
    }

    /// U = G·g·Gᵀ of every filter, 16 O × C matrices: in the packed GEMM's panels where it runs, else
    /// row-major for OpenBLAS (see `sg_winograd23_weights` for the order).
    public static func packedLayout(_ g: ConvGeometry) -> String? {
        ConvGEMM.prefersPacked(rows: g.outChannels, depth: g.inChannels) ? "winograd23-\(ConvGEMM.layoutID)" : "winograd23.v1"
    }

    public static func packedCount(_ g: ConvGeometry) -> Int {
        ConvGEMM.prefersPacked(rows: g.outChannels, depth: g.inChannels)
            ? ConvGEMM.packedCount(groups: 16, rows: g.outChannels, depth: g.inChannels) : 16 * g.outChannels * g.inChannels
    }

    /// Transformed straight into panels where the packed GEMM runs: no transient unpacked copy.
    public static func pack(_ g: ConvGeometry, weights: UnsafePointer<Float>, into packed: UnsafeMutablePointer<Float>) {
        if ConvGEMM.prefersPacked(rows: g.outChannels, depth: g.inChannels) {
            sg_winograd23_weights_packed(weights, Int32(g.outChannels), Int32(g.inChannels), packed)
        } else {
            sg_winograd23_weights(weights, Int32(g.outChannels), Int32(g.inChannels), packed)
        }
    }

    public init(geometry g: ConvGeometry, packed: AlignedFloats, bias: AlignedFloats?) {
        let storage: ConvGEMM.Storage = ConvGEMM.prefersPacked(rows: g.outChannels, depth: g.inChannels) ? .packed(packed) : .rowMajor(packed)
        geometry = g
        gemm = ConvGEMM(storage: storage, groups: 16, rows: g.outChannels, depth: g.inChannels,
                        bias: nil, activation: Activation.linear.cCode)
        self.bias = bias
        tilesH = (g.outH + 1) / 2
        tilesW = (g.outW + 1) / 2
    }

    var tiles: Int { tilesH * tilesW }
    /// Scratch of one item's transforms: V (16 × C × tiles) then M (16 × O × tiles).
    var itemScratch: Int { 16 * tiles * (geometry.inChannels + geometry.outChannels) }
    /// Batches of at least two items per thread run whole items per thread (see `runItems`).
    var splitsItems: Bool { geometry.threads > 1 && geometry.batch >= 2 * geometry.threads }
    /// Fewer items, but enough tiles that each thread's share fills its products' column strips
    /// (8 × 32 columns and more, so the last strip wastes little): threads split the tile rows
    /// (see `runTileRows`).
    var splitsTileRows: Bool {
        !splitsItems && geometry.threads > 1 && tiles >= geometry.threads * 256 && tilesH >= geometry.threads
    }
    /// Scratch of a pipeline over at most `rows` tile rows, a chunk at a time: V and M of one chunk.
    func pipelineScratch(rows: Int) -> Int { 16 * min(rows, chunkRows) * tilesW * (geometry.inChannels + geometry.outChannels) }
    /// Most tile rows in one thread's share (`runTileRows`).
    var shareRows: Int { (tilesH + geometry.threads - 1) / geometry.threads }
    /// The chunked paths need one chunk's V and M per thread (not an item's: 19 MiB → 8 for YOLOv8-style's
    /// 128→64 @80); `runSplit` shares one item's between threads.
    public var workspaceCount: Int {
        if geometry.threads == 1 { return pipelineScratch(rows: tilesH) }
        if splitsItems { return geometry.threads * pipelineScratch(rows: tilesH) }
        if splitsTileRows { return geometry.threads * pipelineScratch(rows: shareRows) }
        return itemScratch
    }

    public func run(_ io: KernelIO) {
        if geometry.threads == 1 {
            runWhole(io)
        } else if splitsItems {
            runItems(io)
        } else if splitsTileRows {
            runTileRows(io)
        } else {
            runSplit(io)
        }
    }

    /// V and M of a chunk of tile rows, at most: big layers run their tile rows a chunk at a time, so
    /// V and M stay in L3 between the transforms and the products instead of streaming through DRAM.
    /// yolov3-416 at 1 thread, alternating runs: 128→128 @104 (22 MiB of V and M) 20.7 → 11.0 ms,
    /// 256→256 @52 10.9 → 9.1, the model 527 → 488 ms (4 MiB: 502, 16 MiB: 509).
    static let defaultChunkBytes = 8 << 20
    /// `defaultChunkBytes`; tests lower it to reach several chunks on small maps.
    var chunkBytes = WinogradConvolution.defaultChunkBytes

    /// Tile rows per chunk: V + M within `chunkBytes`, but as large as U (re-read per chunk) and at
    /// least 128 tiles (4 column strips of the products).
    var chunkRows: Int {
        let g = geometry
        let perTile = 16 * (g.inChannels + g.outChannels) * MemoryLayout<Float>.stride
        let u = 16 * g.inChannels * g.outChannels * MemoryLayout<Float>.stride
        let target = max(128, max(u, chunkBytes) / perTile)
        return max(1, min(tilesH, target / tilesW))
    }

    /// Input transform, the 16 products and the output transform of some tile rows of one item, in V
    /// and M of their own (rows as long as those tiles): one thread's whole share.
    struct Pipeline {
        let gemm: ConvGEMM
        let bias: UnsafePointer<Float>?
        let g: ConvGeometry
        let tilesH: Int32, tilesW: Int32
        let chunkRows: Int

        /// `rows` a chunk at a time (`chunkRows`), each chunk's V and then M in `scratch`
        /// (`pipelineScratch(rows: rows.count)` floats).
        func runChunks(x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>, rows: Range<Int>) {
            let v = scratch, m = scratch + 16 * g.inChannels * min(rows.count, chunkRows) * Int(tilesW)
            var r = rows.lowerBound
            while r < rows.upperBound {
                let chunk = r..<min(rows.upperBound, r + chunkRows)
                run(x: x, y: y, v: v, m: m, rows: chunk)
                r = chunk.upperBound
            }
        }

        /// V (16 × C × n) at `v`, M (16 × O × n) at `m`, n = the rows' tiles.
        func run(x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>, m: UnsafeMutablePointer<Float>,
                 rows: Range<Int>) {
            let c = g.inChannels, o = g.outChannels, n = rows.count * Int(tilesW)
            let ty0 = Int32(rows.lowerBound), ty1 = Int32(rows.upperBound)
            sg_winograd23_input(x, 0, Int32(c), Int32(c), Int32(g.height), Int32(g.width), Int32(g.padding.top), Int32(g.padding.left),
                                tilesH, tilesW, ty0, ty1, n, v)
            for e in 0..<16 {
                gemm.multiply(group: e, b: v + e * c * n, ldb: n, c: m + e * o * n, ldc: n, n: n)
            }
            sg_winograd23_output(m, 0, Int32(o), Int32(o), Int32(g.outH), Int32(g.outW), tilesH, tilesW, ty0, ty1, n,
                                 bias, g.activation.cCode, y)
        }
    }

    var pipeline: Pipeline {
        Pipeline(gemm: gemm, bias: bias.map { UnsafePointer($0.pointer) }, g: geometry, tilesH: Int32(tilesH), tilesW: Int32(tilesW),
                 chunkRows: chunkRows)
    }

    /// Several items per thread: each thread transforms, multiplies and transforms back whole items in
    /// its own scratch, so no thread reads what another wrote — where `runSplit` shares every item's V
    /// between threads (each reads all of it), which costs most when the threads' cores share no cache
    /// (yolov3-tiny batch 4, 2 threads: the three Winograd layers scaled 1.2–1.5× over 1 thread in that
    /// state, the rest 1.6–1.9×). The other layers of a batch already keep items on one thread (band
    /// jobs and pool planes in item order, `TiledConvolution.runItems`).
    private func runItems(_ io: KernelIO) {
        let state = (io.inputs[0], io.outputs[0], io.workspace, pipelineScratch(rows: tilesH), pipeline)
        io.parallel.forEachChunk(geometry.batch, state) { state, chunk, items in
            let (input, output, workspace, scratch, pipeline) = state
            let g = pipeline.g
            for item in items {
                pipeline.runChunks(x: input + item * g.inChannels * g.inPlane, y: output + item * g.outChannels * g.outPlane,
                                   scratch: workspace + chunk * scratch, rows: 0..<Int(pipeline.tilesH))
            }
        }
    }

    /// One thread: every item's tile rows through the pipeline, a chunk at a time.
    private func runWhole(_ io: KernelIO) {
        let g = geometry, p = pipeline
        for item in 0..<g.batch {
            p.runChunks(x: io.inputs[0] + item * g.inChannels * g.inPlane, y: io.outputs[0] + item * g.outChannels * g.outPlane,
                        scratch: io.workspace, rows: 0..<tilesH)
        }
    }

    /// One item, many tiles: each thread takes a share of the tile rows through the whole pipeline, in
    /// its own part of the scratch (one chunk's V and M per share). Threads then share only the input rows
    /// at their shares' edges, where `runSplit` has each read all of V, half of it written by the
    /// other, and M and V (16·(C + O) floats a tile: 22 MiB for yolov3's 128→128 @104) stream through
    /// memory between the phases. yolov3-416, 2 threads, alternating runs in one process: the model
    /// 280 → 257 ms (341 → 302 when the cores share no cache), 128→128 @104 11.5 → 7.7 ms, 256→256
    /// @52 5.6 → 4.6; yolov3-tiny level (its 64→128 @52 is the only layer with the tiles for it).
    private func runTileRows(_ io: KernelIO) {
        let shares = geometry.threads
        for item in 0..<geometry.batch {
            let g = geometry
            let state = (io.inputs[0] + item * g.inChannels * g.inPlane, io.outputs[0] + item * g.outChannels * g.outPlane,
                         io.workspace, shares, pipelineScratch(rows: shareRows), pipeline)
            io.parallel.forEachChunk(shares, state) { state, _, range in
                let (x, y, workspace, shares, scratch, pipeline) = state
                let th = Int(pipeline.tilesH)
                for share in range {
                    let rows = (th * share / shares)..<(th * (share + 1) / shares)
                    pipeline.runChunks(x: x, y: y, scratch: workspace + share * scratch, rows: rows)
                }
            }
        }
    }

    /// One item at a time: threads split its input transform by channels, then the products and the
    /// output transform by output channels.
    private func runSplit(_ io: KernelIO) {
        let g = geometry
        let c = g.inChannels, o = g.outChannels, tiles = self.tiles
        let v = io.workspace, m = io.workspace + 16 * c * tiles
        let gemm = self.gemm, b = bias.map { UnsafePointer($0.pointer) }
        let th = Int32(tilesH), tw = Int32(tilesW), act = g.activation.cCode
        for item in 0..<g.batch {
            let x = io.inputs[0] + item * c * g.inPlane
            let y = io.outputs[0] + item * o * g.outPlane
            io.parallel.forEach(c, grain: 8, (x, v, g, th, tw)) { state, r in
                let (x, v, g, th, tw) = state
                let c = g.inChannels
                sg_winograd23_input(x, Int32(r.lowerBound), Int32(r.upperBound), Int32(c), Int32(g.height), Int32(g.width),
                                    Int32(g.padding.top), Int32(g.padding.left), th, tw, 0, th, Int(th) * Int(tw), v)
            }
            let state = (gemm, v, m, y, b, g, tiles, th, tw, act)
            io.parallel.forEach(gemm.units, grain: gemm.unitGrain, state) { state, units in
                let (gemm, v, m, y, b, g, tiles, th, tw, act) = state
                let c = g.inChannels, o = g.outChannels
                // M[e] = U[e] · V[e] for the output channels of `units`, then their output transform.
                for e in 0..<16 {
                    gemm.multiply(group: e, units: units, b: v + e * c * tiles, ldb: tiles, c: m + e * o * tiles, ldc: tiles, n: tiles)
                }
                let o0 = gemm.firstRow(units.lowerBound), o1 = gemm.firstRow(units.upperBound)
                sg_winograd23_output(m, Int32(o0), Int32(o1), Int32(o), Int32(g.outH), Int32(g.outW), th, tw, 0, th, tiles, b, act, y)
            }
        }
    }
}
