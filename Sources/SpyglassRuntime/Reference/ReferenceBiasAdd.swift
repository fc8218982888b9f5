/// biasAdd: x + bias[channel].
enum ReferenceBiasAdd {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        let s = ctx.inputShapes[0]
        let channels = s[1], spatial = s.dropFirst(2).reduce(1, *), count = ctx.outputCount
        return ReferenceKernel { inputs, y in
            for i in 0..<count { y[i] = inputs[0][i] + inputs[1][(i / spatial) % channels] }
        }
    }
}
