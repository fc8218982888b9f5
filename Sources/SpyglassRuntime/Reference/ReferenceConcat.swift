/// concat: each output element is taken from the input whose range along the axis contains it.
enum ReferenceConcat {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .concat(let a) = ctx.node.op else { throw ctx.wrongOp }
        let out = ctx.outputShape, shapes = ctx.inputShapes
        let inner = out[(a.axis + 1)...].reduce(1, *), count = ctx.outputCount
        return ReferenceKernel { inputs, y in
            for i in 0..<count {
                let outer = i / (out[a.axis] * inner)
                var along = (i / inner) % out[a.axis]
                let within = i % inner
                for (k, s) in shapes.enumerated() {
                    if along < s[a.axis] {
                        y[i] = inputs[k][(outer * s[a.axis] + along) * inner + within]
                        break
                    }
                    along -= s[a.axis]
                }
            }
        }
    }
}
