import CKernels
import SpyglassIR

/// Darknet [local]: im2col, then for each output location j an sgemv with that location's
/// own weights [O][C·k·k], reading column j of the im2col matrix; bias is per output element.
enum LocallyConnectedKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .locallyConnected(let a) = ctx.node.op else { throw ctx.wrongOp }
        let x = try ctx.nchw(0), out = ctx.outputShape
        let outH = out[2], outW = out[3], locations = outH * outW, o = a.outChannels
        let k = x.c * a.kernel * a.kernel
        let weights = AlignedFloats(copying: try ctx.constantValues(1, role: "weight"))
        let bias = AlignedFloats(copying: try ctx.constantValues(2, role: "bias"))
        let code = a.activation.cCode
        return ClosureKernel(workspace: k * locations) { io in
            let col = io.workspace
            for n in 0..<x.n {
                let y = io.outputs[0] + n * o * locations
                sg_im2col(io.inputs[0] + n * x.c * x.h * x.w, Int32(x.h), Int32(x.w), Int32(a.kernel), Int32(a.kernel),
                          Int32(a.stride), Int32(a.stride), 1, 1, Int32(a.pad), Int32(a.pad), Int32(outH), Int32(outW),
                          0, Int32(x.c), col)
                copyFloats(bias.pointer, y, o * locations)
                for j in 0..<locations {
                    sg_sgemv(Int32(o), Int32(k), 1, weights.pointer + j * o * k, Int32(k), col + j, Int32(locations),
                             1, y + j, Int32(locations))
                }
                sg_activate(y, o * locations, code)
            }
        }
    }
}
