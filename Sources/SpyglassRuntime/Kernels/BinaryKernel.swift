import Foundation
import SpyglassIR

/// binary: a ∘ b with broadcasting. Rows along the last output axis run with fixed strides
/// (1 or 0 for each operand), rows in parallel.
enum BinaryKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .binary(let a) = ctx.node.op else { throw ctx.wrongOp }
        let out = ctx.outputShape, rank = out.count
        let sa = broadcastStrides(ctx.inputShapes[0], to: out), sb = broadcastStrides(ctx.inputShapes[1], to: out)
        let rowLength = rank == 0 ? 1 : out[rank - 1]
        let rows = ctx.outputCount / max(rowLength, 1)
        let ra = rank == 0 ? 0 : sa[rank - 1], rb = rank == 0 ? 0 : sb[rank - 1]
        let f = BinaryFunction.of(a.op)
        return ClosureKernel { io in
            io.parallel.forEach(rows, grain: max(1, 16384 / max(rowLength, 1))) { r in
                for row in r {
                    var rest = row, oa = 0, ob = 0
                    for d in stride(from: rank - 2, through: 0, by: -1) {
                        let i = rest % out[d]
                        rest /= out[d]
                        oa += i * sa[d]; ob += i * sb[d]
                    }
                    f(io.inputs[0] + oa, ra, io.inputs[1] + ob, rb, io.outputs[0] + row * rowLength, rowLength)
                }
            }
        }
    }
}

/// One row of a binary op: y[i] = a[i·sa] ∘ b[i·sb].
enum BinaryFunction {
    typealias Row = (UnsafePointer<Float>, Int, UnsafePointer<Float>, Int, UnsafeMutablePointer<Float>, Int) -> Void

    static func of(_ op: BinaryOperator) -> Row {
        switch op {
        case .add: return { a, sa, b, sb, y, n in for i in 0..<n { y[i] = a[i * sa] + b[i * sb] } }
        case .sub: return { a, sa, b, sb, y, n in for i in 0..<n { y[i] = a[i * sa] - b[i * sb] } }
        case .mul: return { a, sa, b, sb, y, n in for i in 0..<n { y[i] = a[i * sa] * b[i * sb] } }
        case .div: return { a, sa, b, sb, y, n in for i in 0..<n { y[i] = a[i * sa] / b[i * sb] } }
        case .pow: return { a, sa, b, sb, y, n in for i in 0..<n { y[i] = powf(a[i * sa], b[i * sb]) } }
        }
    }
}
