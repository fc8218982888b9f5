/// activation: Activation.apply on every element.
enum ReferenceActivation {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .activation(let activation) = ctx.node.op else { throw ctx.wrongOp }
        let count = ctx.outputCount
        return ReferenceKernel { inputs, y in
            for i in 0..<count { y[i] = activation.apply(inputs[0][i]) }
        }
    }
}
