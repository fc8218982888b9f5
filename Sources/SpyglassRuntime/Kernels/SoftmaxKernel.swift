import CKernels
import SpyglassIR

/// softmax: per index before `axis`, the rest split into `groups` contiguous chunks, each softmaxed.
enum SoftmaxKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .softmax(let a) = ctx.node.op else { throw ctx.wrongOp }
        let s = ctx.inputShapes[0]
        let outer = s[..<a.axis].reduce(1, *), inner = s[a.axis...].reduce(1, *)
        let size = inner / a.groups, chunks = outer * a.groups
        return ClosureKernel { io in
            io.parallel.forEach(chunks, grain: max(1, 8192 / max(size, 1)), (io.inputs[0], io.outputs[0], size, a.temperature)) { state, r in
                let (x, y, size, temperature) = state
                for i in r { sg_softmax(x + i * size, y + i * size, size, temperature, 1) }
            }
        }
    }
}
