/// globalAvgPool: the mean of each plane.
enum ReferenceGlobalAvgPool {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        let x = try ctx.nchw(0)
        let spatial = x.h * x.w
        return ReferenceKernel { inputs, y in
            for p in 0..<(x.n * x.c) {
                var sum: Float = 0
                for i in 0..<spatial { sum += inputs[0][p * spatial + i] }
                y[p] = sum / Float(spatial)
            }
        }
    }
}
