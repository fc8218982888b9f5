import Foundation
import SpyglassIR

/// binary: a ∘ b with broadcasting. Rows along the last output axis run with fixed strides
/// (1 or 0 for each operand), rows in parallel.
enum BinaryKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .binary(let a) = ctx.node.op else { throw ctx.wrongOp }
        if let integer = IntegerBinary.make(a.op, ctx) { return integer }
        let out = ctx.outputShape, rank = out.count
        let sa = broadcastStrides(ctx.inputShapes[0], to: out), sb = broadcastStrides(ctx.inputShapes[1], to: out)
        let rowLength = rank == 0 ? 1 : out[rank - 1]
        let rows = ctx.outputCount / max(rowLength, 1)
        let ra = rank == 0 ? 0 : sa[rank - 1], rb = rank == 0 ? 0 : sb[rank - 1]
        let f = BinaryFunction.of(a.op)
        return ClosureKernel { io in
            let state = BinaryRows(a: io.inputs[0], b: io.inputs[1], y: io.outputs[0], out: out, sa: sa, sb: sb,
                                   ra: ra, rb: rb, rowLength: rowLength, f: f)
            io.parallel.forEach(rows, grain: max(1, 16384 / max(rowLength, 1)), state) { state, r in
                let (out, sa, sb, ra, rb, rowLength, f) = (state.out, state.sa, state.sb, state.ra, state.rb, state.rowLength, state.f)
                let rank = out.count
                for row in r {
                    var rest = row, oa = 0, ob = 0
                    for d in stride(from: rank - 2, through: 0, by: -1) {
                        let i = rest % out[d]
                        rest /= out[d]
                        oa += i * sa[d]; ob += i * sb[d]
                    }
                    f(state.a + oa, ra, state.b + ob, rb, state.y + row * rowLength, rowLength)
                }
            }
        }
    }
}

/// What a binary node's parallel loop needs. A struct, not a tuple: a closure (`f`) in a tuple
/// passed as a loop's `state` is re-abstracted through a heap-allocated thunk on every call.
private struct BinaryRows {
    let a: UnsafePointer<Float>, b: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>
    let out: [Int], sa: [Int], sb: [Int]
    let ra: Int, rb: Int, rowLength: Int
    let f: BinaryFunction.Row
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

/// binary on int64/int32/uint8 tensors (shape arithmetic computed at run time): C semantics, division
/// truncating toward zero (as ONNX Runtime), x/0 = 0 rather than a trap, wrapping overflow.
enum IntegerBinary {
    /// The kernel for an integer-typed binary node, nil for float32.
    static func make(_ op: BinaryOperator, _ ctx: KernelContext) -> Kernel? {
        switch ctx.outputTypes[0] {
        case .int64: return make(Int64.self, op, ctx)
        case .int32: return make(Int32.self, op, ctx)
        case .uint8: return make(UInt8.self, op, ctx)
        default: return nil
        }
    }

    static func make<T: FixedWidthInteger>(_: T.Type, _ op: BinaryOperator, _ ctx: KernelContext) -> Kernel {
        let out = ctx.outputShape, count = ctx.outputCount
        let sa = broadcastStrides(ctx.inputShapes[0], to: out), sb = broadcastStrides(ctx.inputShapes[1], to: out)
        let f: (T, T) -> T = function(op)
        return ClosureKernel { io in
            let x = io.input(0, as: T.self), z = io.input(1, as: T.self), y = io.output(0, as: T.self)
            for i in 0..<count {
                var rest = i, oa = 0, ob = 0
                for d in stride(from: out.count - 1, through: 0, by: -1) {
                    let k = rest % out[d]
                    rest /= out[d]
                    oa += k * sa[d]; ob += k * sb[d]
                }
                y[i] = f(x[oa], z[ob])
            }
        }
    }

    static func function<T: FixedWidthInteger>(_ op: BinaryOperator) -> (T, T) -> T {
        switch op {
        case .add: return { $0 &+ $1 }
        case .sub: return { $0 &- $1 }
        case .mul: return { $0 &* $1 }
        case .div: return { b, c in c == 0 ? 0 : (T.isSigned && b == T.min && c == T(truncatingIfNeeded: -1) ? T.min : b / c) }
        case .pow: return { b, e in
            guard e >= 0 else { return b == 1 ? 1 : (b == T(truncatingIfNeeded: -1) ? (e % 2 == 0 ? 1 : b) : 0) }
            var result: T = 1, base = b, n = e
            while n > 0 { if n & 1 == 1 { result = result &* base }; base = base &* base; n >>= 1 }
            return result
        }
        }
    }
}
