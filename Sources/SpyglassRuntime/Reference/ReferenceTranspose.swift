import SpyglassIR

/// transpose: y[i0, …, ik] = x at the input index whose axis perm[d] is i_d.
enum ReferenceTranspose {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .transpose(let a) = ctx.node.op else { throw ctx.wrongOp }
        return withElementType(size: ctx.elementSize) { T in make(T, ctx, a.permutation) }
    }

    private static func make<T: FixedWidthInteger>(_: T.Type, _ ctx: KernelContext, _ permutation: [Int]) -> Kernel {
        let inShape = ctx.inputShapes[0], outShape = ctx.outputShape, count = ctx.outputCount
        return ReferenceKernel { inputs, yf in
            let x = UnsafeRawPointer(inputs[0]).assumingMemoryBound(to: T.self)
            let y = UnsafeMutableRawPointer(yf).assumingMemoryBound(to: T.self)
            var outIndex = [Int](repeating: 0, count: outShape.count)
            var inIndex = [Int](repeating: 0, count: inShape.count)
            for i in 0..<count {
                var rest = i
                for d in stride(from: outShape.count - 1, through: 0, by: -1) { outIndex[d] = rest % outShape[d]; rest /= outShape[d] }
                for d in 0..<outShape.count { inIndex[permutation[d]] = outIndex[d] }
                var flat = 0
                for d in 0..<inShape.count { flat = flat * inShape[d] + inIndex[d] }
                y[i] = x[flat]
            }
        }
    }
}
