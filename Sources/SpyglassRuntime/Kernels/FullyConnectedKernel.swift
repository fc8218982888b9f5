import CKernels
import SpyglassIR

/// fullyConnected: Y[N, outputs] = X[N, inputs] · Wᵀ with one sgemm, then bias + activation.
enum FullyConnectedKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .fullyConnected(let a) = ctx.node.op else { throw ctx.wrongOp }
        let s = ctx.inputShapes[0]
        let batch = s[0], inputs = s.dropFirst().reduce(1, *), outputs = a.outputs
        let weights = try ctx.constantBuffer(1, role: "weight")
        let bias = ctx.hasInput(2) ? try ctx.constantBuffer(2, role: "bias") : nil
        let code = a.activation.cCode
        return ClosureKernel { io in
            let y = io.outputs[0]
            sg_sgemm(0, 1, Int32(batch), Int32(outputs), Int32(inputs), 1, io.inputs[0], Int32(inputs),
                     weights.pointer, Int32(inputs), 0, y, Int32(outputs))
            for n in 0..<batch {
                sg_bias_activate(y + n * outputs, bias.map { UnsafePointer($0.pointer) }, 0, outputs, 1, code)
            }
        }
    }
}
