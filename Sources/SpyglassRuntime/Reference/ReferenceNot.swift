import SpyglassIR

/// not: true (any non-zero byte) becomes 0, false becomes 1.
enum ReferenceNot {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        let count = ctx.outputCount
        return ClosureKernel { io in
            for i in 0..<count { io.output(0, as: UInt8.self)[i] = io.input(0, as: UInt8.self)[i] != 0 ? 0 : 1 }
        }
    }
}
