import CKernels
import SpyglassIR

/// Element-wise activation, split across threads in chunks.
enum ActivationKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .activation(let activation) = ctx.node.op else { throw ctx.wrongOp }
        let count = ctx.outputCount, code = activation.cCode
        return ClosureKernel { io in
            let x = io.inputs[0], y = io.outputs[0]
            io.parallel.forEach(count, grain: 16384, (x, y, code)) { state, r in
                let (x, y, code) = state
                copyFloats(x + r.lowerBound, y + r.lowerBound, r.count)
                sg_activate(y + r.lowerBound, r.count, code)
            }
        }
    }
}
