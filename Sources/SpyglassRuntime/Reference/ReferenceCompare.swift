import SpyglassIR

/// compare with numpy broadcasting written out: each output index maps to an index in a and in b,
/// stretched dims pinned to 0; the result is 1 (true) or 0.
enum ReferenceCompare {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .compare(let op) = ctx.node.op else { throw ctx.wrongOp }
        return withNumericElement(ctx.inputTypes[0]) { T in make(T, op, ctx) }
    }

    private static func make<T: NumericElement>(_: T.Type, _ op: CompareOperator, _ ctx: KernelContext) -> Kernel {
        let out = ctx.outputShape, count = ctx.outputCount, shapes = ctx.inputShapes
        return ClosureKernel { io in
            let a = io.input(0, as: T.self), b = io.input(1, as: T.self), y = io.output(0, as: UInt8.self)
            var index = [Int](repeating: 0, count: out.count)
            for i in 0..<count {
                var rest = i
                for d in stride(from: out.count - 1, through: 0, by: -1) { index[d] = rest % out[d]; rest /= out[d] }
                let x = a[broadcastIndex(index, shapes[0])], z = b[broadcastIndex(index, shapes[1])]
                let result: Bool
                switch op {
                case .equal: result = x == z
                case .greater: result = x > z
                case .less: result = x < z
                case .greaterOrEqual: result = x >= z
                case .lessOrEqual: result = x <= z
                }
                y[i] = result ? 1 : 0
            }
        }
    }
}

/// The flat index into a tensor of `shape` of the broadcast output index `index`.
func broadcastIndex(_ index: [Int], _ shape: [Int]) -> Int {
    var f = 0
    let offset = index.count - shape.count
    for d in 0..<shape.count { f = f * shape[d] + (shape[d] == 1 ? 0 : index[d + offset]) }
    return f
}
