import CKernels
import SpyglassIR

/// matMul: one sgemm per broadcast batch item, with the operands' offsets precomputed at plan time.
enum MatMulKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .matMul = ctx.node.op else { throw ctx.wrongOp }
        let g = try MatMulGeometry(ctx.inputShapes[0], ctx.inputShapes[1], ctx)
        return ClosureKernel { io in
            let a = io.inputs[0], b = io.inputs[1], y = io.outputs[0]
            for item in 0..<g.offsetsA.count {
                sg_sgemm(0, 0, Int32(g.m), Int32(g.n), Int32(g.k), 1, a + g.offsetsA[item], Int32(g.k),
                         b + g.offsetsB[item], Int32(g.n), 0, y + item * g.m * g.n, Int32(g.n))
            }
        }
    }
}

/// The matrices of a numpy matmul: `m×k · k×n` per batch item, and where each item's operands start.
struct MatMulGeometry {
    let m: Int, k: Int, n: Int
    let offsetsA: [Int], offsetsB: [Int]

    init(_ a: [Int], _ b: [Int], _ ctx: KernelContext) throws {
        guard let out = matMulShape(a, b) else { throw ctx.unsupported("shapes \(a) and \(b) do not fit a matrix product") }
        let a2 = a.count == 1 ? [1, a[0]] : a, b2 = b.count == 1 ? [b[0], 1] : b
        m = a2[a2.count - 2]; k = a2[a2.count - 1]; n = b2[b2.count - 1]
        let batchA = Array(a2.dropLast(2)), batchB = Array(b2.dropLast(2))
        let batch = Array(out.dropLast((a.count > 1 ? 1 : 0) + (b.count > 1 ? 1 : 0)))
        let stridesA = broadcastStrides(batchA, to: batch), stridesB = broadcastStrides(batchB, to: batch)
        let items = batch.reduce(1, *)
        var offA = [Int](repeating: 0, count: items), offB = offA
        for item in 0..<items {
            var rest = item
            for d in stride(from: batch.count - 1, through: 0, by: -1) {
                let i = rest % batch[d]
                rest /= batch[d]
                offA[item] += i * stridesA[d] * m * k
                offB[item] += i * stridesB[d] * k * n
            }
        }
        offsetsA = offA; offsetsB = offB
    }
}
