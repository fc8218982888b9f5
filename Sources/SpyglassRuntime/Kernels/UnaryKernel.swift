import Foundation
import SpyglassIR

/// unary: the function applied over contiguous chunks in parallel, one specialised loop per function.
enum UnaryKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .unary(let a) = ctx.node.op else { throw ctx.wrongOp }
        let count = ctx.outputCount
        let body = loop(a)
        return ClosureKernel { io in
            io.parallel.forEach(count, grain: 16384, UnaryChunks(x: io.inputs[0], y: io.outputs[0], body: body)) { state, r in
                state.body(state.x + r.lowerBound, state.y + r.lowerBound, r.count)
            }
        }
    }

    /// What a unary node's parallel loop needs. A struct, not a tuple: a closure (`body`) in a tuple
    /// passed as a loop's `state` is re-abstracted through a heap-allocated thunk on every call.
    private struct UnaryChunks {
        let x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>
        let body: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void
    }

    private static func loop(_ a: UnaryAttributes) -> (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void {
        let alpha = a.alpha, beta = a.beta
        switch a.op {
        case .neg: return { x, y, n in for i in 0..<n { y[i] = -x[i] } }
        case .abs: return { x, y, n in for i in 0..<n { y[i] = Swift.abs(x[i]) } }
        case .clip: return { x, y, n in for i in 0..<n { y[i] = min(max(x[i], alpha), beta) } }
        case .leakyRelu: return { x, y, n in for i in 0..<n { let v = x[i]; y[i] = v >= 0 ? v : alpha * v } }
        case .hardSigmoid: return { x, y, n in for i in 0..<n { y[i] = max(0, min(1, alpha * x[i] + beta)) } }
        default: return { x, y, n in for i in 0..<n { y[i] = a.apply(x[i]) } }
        }
    }
}
