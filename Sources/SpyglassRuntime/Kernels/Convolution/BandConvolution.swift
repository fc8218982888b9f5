import CKernels

/// Ungrouped k×k convolution without im2col (Sources/CKernels/conv_band.c): each job copies the
/// input rows one band of output rows needs — padded, split into stride phases, sized for L2 — and
/// the packed GEMM reads its B rows straight from that copy through an offset table. The copy is
/// ~(band rows + k − 1) / band rows of the input where im2col writes k·k times it, so 3×3 layers gain
/// 10–20 % (numbers in conv_band.c). Weights are the same packed panels as `TiledConvolution`'s, so a
/// file packed for one serves the other.
///
/// Used where the packed GEMM runs (AVX-512) with an indirect micro-kernel and the output has
/// ≥ 1024 positions (fewer, in deep layers: one pass over the weights per band would cost more than
/// Tiled's channel split, which reads them once); else Tiled.
public final class BandConvolution: GEMMPackingConvolution {
    let geometry: ConvGeometry
    let packed: AlignedFloats
    let bias: AlignedFloats?
    let band: sg_conv_band
    let offsets: [Int32]
    /// Scratch floats of one band's copy (one per thread).
    let bandFloats: Int

    /// Floats of one band's copy: ~384 KiB, so it stays in a 1 MiB L2 beside A's panel and the output;
    /// 512 KiB for strided layers, whose copy holds every phase of each row (four at stride 2) and
    /// whose bands are therefore low at 384 KiB: each band re-reads the whole of A and copies its
    /// halo rows again. YOLOv8-style, 1 thread, 96K → 128K floats, back to back: 128→128/2 @40
    /// 5.05 → 4.71 ms alone, 5.09–5.21 → 4.88–4.92 in the model, 32→64/2 @160 −0.15, 64→128/2 @80
    /// −0.1; the stride-1 layers stayed level at 1 thread and lost 0.2 ms each (32→32 @160) at 2.
    static func bandBudget(_ g: ConvGeometry) -> Int { g.strideH > 1 || g.strideW > 1 ? 128 * 1024 : 96 * 1024 }

    public static func supports(_ g: ConvGeometry) -> Bool {
        g.groups == 1 && !g.isPointwise && ConvGEMM.prefersPacked(rows: g.outChannels, depth: g.gemmK)
            && sg_gemm_has_indirect() != 0
            && g.outPlane >= 4 * TiledConvolution.minimumTile
    }

    public static func gemmShape(_ g: ConvGeometry) -> (groups: Int, rows: Int, depth: Int) { TiledConvolution.gemmShape(g) }

    /// Packs always: this algorithm has no OpenBLAS form (`supports` asks for the packed GEMM).
    public static func packedLayout(_ geometry: ConvGeometry) -> String? { ConvGEMM.layoutID }

    public init(geometry g: ConvGeometry, packed: AlignedFloats, bias: AlignedFloats?) {
        geometry = g
        self.packed = packed
        self.bias = bias
        var band = sg_conv_band(channels: Int32(g.inChannels), height: Int32(g.height), width: Int32(g.width),
                                outChannels: Int32(g.outChannels), outH: Int32(g.outH), outW: Int32(g.outW), kernelH: Int32(g.kernelH), kernelW: Int32(g.kernelW),
                                strideH: Int32(g.strideH), strideW: Int32(g.strideW),
                                dilationH: Int32(g.dilationH), dilationW: Int32(g.dilationW),
                                padTop: Int32(g.padding.top), padLeft: Int32(g.padding.left),
                                outRows: 0, bandRows: 0, phaseWidth: 0, joinRows: 0)
        sg_conv_band_plan(&band, Self.bandBudget(g), Int32(g.threads), Int32(g.batch), sg_gemm_indirect_columns())
        self.band = band
        bandFloats = sg_conv_band_floats(&band)
        var offsets = [Int32](repeating: 0, count: g.gemmK)
        offsets.withUnsafeMutableBufferPointer { sg_conv_band_offsets(&band, $0.baseAddress) }
        self.offsets = offsets
    }

    var bands: Int { (geometry.outH + Int(band.outRows) - 1) / Int(band.outRows) }

    public var workspaceCount: Int { geometry.threads * bandFloats }

    public func run(_ io: KernelIO) {
        let g = geometry, bands = self.bands, bandFloats = self.bandFloats
        let bias = self.bias?.pointer, a = packed.pointer, activation = g.activation.cCode
        withUnsafePointer(to: band) { band in
            offsets.withUnsafeBufferPointer { offsets in
                let state = (band, offsets, io.inputs[0], io.outputs[0], io.workspace, g, bands, bandFloats, a, bias, activation)
                io.parallel.forEachChunk(g.batch * bands, state) { state, chunk, jobs in
                    let (band, offsets, input, output, workspace, g, bands, bandFloats, a, bias, activation) = state
                    let scratch = workspace + chunk * bandFloats
                    for job in jobs {
                        let item = job / bands
                        sg_conv_band_run(band, input + item * g.inChannels * g.inPlane, Int32(job % bands), a, offsets.baseAddress, scratch,
                                         output + item * g.outChannels * g.outPlane, bias, activation)
                    }
                }
            }
        }
    }
}
