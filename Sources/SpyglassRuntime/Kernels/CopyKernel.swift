/// dropout and identity: a copy at inference.
enum CopyKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        let count = ctx.outputCount
        return ClosureKernel { io in copyFloats(io.inputs[0], io.outputs[0], count) }
    }
}
