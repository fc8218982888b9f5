/// add: a + b element by element.
enum ReferenceAdd {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        let count = ctx.outputCount
        return ReferenceKernel { inputs, y in
            for i in 0..<count { y[i] = inputs[0][i] + inputs[1][i] }
        }
    }
}
