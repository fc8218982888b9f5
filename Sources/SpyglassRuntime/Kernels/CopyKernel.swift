/// dropout, identity and reshape: a copy of the bytes at inference, whatever the element type;
/// nothing when the output is a view of the input (`BufferAliases`).
enum CopyKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        let bytes = ctx.outputCount * ctx.elementSize
        return ClosureKernel { io in
            if UnsafePointer(io.outputs[0]) != io.inputs[0] { copyBytes(io.inputs[0], io.outputs[0], bytes) }
        }
    }
}

/// Copies `bytes` bytes between two distinct tensors' buffers.
@inline(__always) func copyBytes(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, _ bytes: Int) {
    UnsafeMutableRawPointer(dst).copyMemory(from: UnsafeRawPointer(src), byteCount: bytes)
}

/// Calls `body` with the Swift type whose size is `size` bytes (1, 4 or 8): kernels that only move
/// elements are written once, generically, and specialised for each width.
@inline(__always) func withElementType<R>(size: Int, _ body: (any FixedWidthInteger.Type) throws -> R) rethrows -> R {
    switch size {
    case 1: return try body(UInt8.self)
    case 8: return try body(UInt64.self)
    case 2: return try body(UInt16.self)
    default: return try body(UInt32.self)
    }
}

/// Copies `blocks` blocks of `bytes` bytes, block b from `src + b·srcStride` to `dst + b·dstStride`
/// (concat, slice). Large copies are cut into 64 KiB pieces spread over the threads: one core
/// does not reach the memory bandwidth a copy can use.
@inline(__always) func copyBlocks(_ parallel: ParallelLoop, blocks: Int, bytes: Int, from src: UnsafeRawPointer, stride srcStride: Int,
                                  to dst: UnsafeMutableRawPointer, stride dstStride: Int) {
    let piece = 64 * 1024, pieces = max(1, (bytes + piece - 1) / piece)
    // At least 256 KiB per thread, else the hand-off costs more than it saves.
    let grain = max(1, (256 * 1024) / max(min(bytes, piece), 1))
    parallel.forEach(blocks * pieces, grain: grain, (src, srcStride, dst, dstStride, bytes, pieces)) { state, range in
        let (src, srcStride, dst, dstStride, bytes, pieces) = state
        let piece = 64 * 1024
        for unit in range {
            let b = unit / pieces, start = (unit % pieces) * piece
            (dst + b * dstStride + start).copyMemory(from: src + b * srcStride + start, byteCount: min(piece, bytes - start))
        }
    }
}
