import CKernels

/// Stride-1 or 2 convolution of a small map (fewer than 1024 output positions: YOLO's 13×13 and 26×26
/// layers) computed directly, vectorised over output channels (Sources/CKernels/conv_direct.c): a
/// register holds 16 output channels of one position, so nothing is wasted whatever the map's
/// width, and there is no im2col. The GEMM (`TiledConvolution`) vectorises over positions — 169
/// positions cost 176 — and writes an im2col 9× the input first. Threads split the 16-channel
/// blocks (each reads its share of the weights once), after splitting the padded copy of the input
/// by channels; batches are cut in item order, so an item stays on one thread from two per thread.
///
/// Measured on Zen 4, 1 thread, back to back against `TiledConvolution` (yolov3-tiny's 13×13 layers):
/// 512→1024 3×3 16.1 → 14.2 ms (ONNX Runtime's NCHWc kernel: 14.4), 256→512 3×3 3.92 → 3.52 (3.63);
/// the model 48.5 → 45.5 ms, and at 2 threads 24.5 → 23.3. Against row bands on larger maps it did
/// not pay (YOLOv8-style shapes: 128→64 @40 level, @80 8.7 → 9.0 ms, 32→32 @160 4.5 → 5.6: short
/// reductions, and bands reuse B from L1 across 8 output channels; 64→128/2 208→104 16.6 → 24.5, the
/// input streamed once per block — 19.3 with rows in L2-sized chunks, still behind), hence
/// `supports`' bound. Stride 2 (yolov3's 3×3/2 down to 26×26 and 13×13): 16.6 → 14.5 ms each.
public final class DirectConvolution: PrepackingConvolution {
    let geometry: ConvGeometry
    let packed: AlignedFloats
    let bias: AlignedFloats?
    /// The padded copy's plane: the output's size plus the kernel's overhang.
    let paddedH: Int, paddedW: Int

    /// A block's weights (16 channels × C·kh·kw) must stay in L2 while its rows pass over them.
    static let blockWeightsLimit = 192 * 1024

    public static func supports(_ g: ConvGeometry) -> Bool {
        sg_conv_direct_supported() != 0 && g.groups == 1 && g.strideH == g.strideW && (g.strideH == 1 || g.strideH == 2)
            && g.dilationH == 1 && g.dilationW == 1 && g.padding.top >= 0 && g.padding.left >= 0 && !g.isPointwise
            && g.outPlane < 4 * TiledConvolution.minimumTile
            && 16 * g.inChannels * g.kernelH * g.kernelW <= blockWeightsLimit
    }

    public static func packedLayout(_ geometry: ConvGeometry) -> String? { "direct16.v1" }

    public static func packedCount(_ g: ConvGeometry) -> Int {
        sg_conv_direct_packed_count(Int32(g.outChannels), Int32(g.inChannels), Int32(g.kernelH), Int32(g.kernelW))
    }

    public static func pack(_ g: ConvGeometry, weights: UnsafePointer<Float>, into packed: UnsafeMutablePointer<Float>) {
        sg_conv_direct_pack(weights, Int32(g.outChannels), Int32(g.inChannels), Int32(g.kernelH), Int32(g.kernelW), packed)
    }

    public init(geometry g: ConvGeometry, packed: AlignedFloats, bias: AlignedFloats?) {
        geometry = g
        self.packed = packed
        self.bias = bias
        paddedH = (g.outH - 1) * g.strideH + g.kernelH
        paddedW = (g.outW - 1) * g.strideW + g.kernelW
    }

    var blocks: Int { (geometry.outChannels + 15) / 16 }
    var paddedPlane: Int { paddedH * paddedW }
    public var workspaceCount: Int { geometry.batch * geometry.inChannels * paddedPlane }

    public func run(_ io: KernelIO) {
        let g = geometry, padded = (paddedH, paddedW)
        io.parallel.forEachItemRange(batch: g.batch, perItem: g.inChannels, grain: max(1, 16384 / max(paddedPlane, 1)),
                                     (io.inputs[0], io.workspace, g, padded)) { state, item, channels in
            let (x, xp, g, padded) = state
            sg_conv_direct_pad(x + item * g.inChannels * g.inPlane, Int32(channels.lowerBound), Int32(channels.upperBound),
                               Int32(g.height), Int32(g.width), Int32(g.padding.top), Int32(g.padding.left),
                               Int32(padded.0), Int32(padded.1), xp + item * g.inChannels * padded.0 * padded.1)
        }
        let state = (UnsafePointer(io.workspace), io.outputs[0], packed.pointer, bias.map { UnsafePointer($0.pointer) }, g, padded)
        io.parallel.forEachItemRange(batch: g.batch, perItem: blocks, state) { state, item, blocks in
            let (xp, y, packed, bias, g, padded) = state
            sg_conv_direct_run(xp + item * g.inChannels * padded.0 * padded.1, Int32(g.inChannels), Int32(padded.0), Int32(padded.1),
                               Int32(g.kernelH), Int32(g.kernelW), Int32(g.strideH), packed, Int32(blocks.lowerBound),
                               Int32(blocks.upperBound), Int32(g.outChannels), Int32(g.outH), Int32(g.outW), bias,
                               g.activation.cCode, y + item * g.outChannels * g.outPlane)
        }
    }
}
