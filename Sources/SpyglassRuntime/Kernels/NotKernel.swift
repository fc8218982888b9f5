import SpyglassIR

/// not: bool bytes flipped, 16K elements per parallel chunk.
enum NotKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        let count = ctx.outputCount
        return ClosureKernel { io in
            let x = io.input(0, as: UInt8.self), y = io.output(0, as: UInt8.self)
            io.parallel.forEach(count, grain: 16384, (x, y)) { state, r in
                let (x, y) = state
                for i in r { y[i] = x[i] == 0 ? 1 : 0 }
            }
        }
    }
}
