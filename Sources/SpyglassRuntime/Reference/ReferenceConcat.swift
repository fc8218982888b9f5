/// concat: each output element is taken from the input whose range along the axis contains it.
enum ReferenceConcat {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .concat(let a) = ctx.node.op else { throw ctx.wrongOp }
        return withElementType(size: ctx.elementSize) { T in make(T, ctx, axis: a.axis) }
    }

    private static func make<T: FixedWidthInteger>(_: T.Type, _ ctx: KernelContext, axis: Int) -> Kernel {
        let out = ctx.outputShape, shapes = ctx.inputShapes
        let inner = out[(axis + 1)...].reduce(1, *), count = ctx.outputCount
        return ReferenceKernel { inputs, yf in
            let y = UnsafeMutableRawPointer(yf).assumingMemoryBound(to: T.self)
            for i in 0..<count {
                let outer = i / (out[axis] * inner)
                var along = (i / inner) % out[axis]
                let within = i % inner
                for (k, s) in shapes.enumerated() {
                    if along < s[axis] {
                        y[i] = UnsafeRawPointer(inputs[k]).assumingMemoryBound(to: T.self)[(outer * s[axis] + along) * inner + within]
                        break
                    }
                    along -= s[axis]
                }
            }
        }
    }
}
