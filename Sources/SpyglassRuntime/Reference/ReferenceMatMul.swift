import SpyglassIR

/// matMul as numpy defines it: a 1-D `a` is a row, a 1-D `b` a column; batch dims broadcast.
enum ReferenceMatMul {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .matMul = ctx.node.op else { throw ctx.wrongOp }
        let a = ctx.inputShapes[0], b = ctx.inputShapes[1]
        guard matMulShape(a, b) != nil else { throw ctx.unsupported("shapes \(a) and \(b) do not fit a matrix product") }
        let a2 = a.count == 1 ? [1, a[0]] : a, b2 = b.count == 1 ? [b[0], 1] : b
        let m = a2[a2.count - 2], k = a2[a2.count - 1], n = b2[b2.count - 1]
        let batchA = Array(a2.dropLast(2)), batchB = Array(b2.dropLast(2))
        let rank = max(batchA.count, batchB.count)
        let padA = [Int](repeating: 1, count: rank - batchA.count) + batchA
        let padB = [Int](repeating: 1, count: rank - batchB.count) + batchB
        let batch = zip(padA, padB).map { max($0, $1) }
        let items = batch.reduce(1, *)
        return ReferenceKernel { inputs, y in
            for item in 0..<items {
                // The item's index in each operand: its coordinate, or 0 along a dim of size 1.
                var rest = item, itemA = 0, itemB = 0, scaleA = 1, scaleB = 1
                for d in stride(from: rank - 1, through: 0, by: -1) {
                    let i = rest % batch[d]
                    rest /= batch[d]
                    itemA += (padA[d] == 1 ? 0 : i) * scaleA; scaleA *= padA[d]
                    itemB += (padB[d] == 1 ? 0 : i) * scaleB; scaleB *= padB[d]
                }
                for r in 0..<m {
                    for c in 0..<n {
                        var sum: Float = 0
                        for j in 0..<k {
                            sum += inputs[0][itemA * m * k + r * k + j] * inputs[1][itemB * k * n + j * n + c]
                        }
                        y[item * m * n + r * n + c] = sum
                    }
                }
            }
        }
    }
}
