import SpyglassIR

/// compare: a ∘ b → bool with broadcasting; each operand read through an offset table built at
/// plan time, elements in parallel.
enum CompareKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .compare(let op) = ctx.node.op else { throw ctx.wrongOp }
        return withNumericElement(ctx.inputTypes[0]) { T in make(T, op, ctx) }
    }

    private static func make<T: NumericElement>(_: T.Type, _ op: CompareOperator, _ ctx: KernelContext) -> Kernel {
        let tables = broadcastOffsets(Array(ctx.inputShapes.prefix(2)), to: ctx.outputShape)
        let ta = tables[0], tb = tables[1], count = ctx.outputCount
        let f: (T, T) -> Bool = comparison(op)
        return ClosureKernel { io in
            let a = io.input(0, as: T.self), b = io.input(1, as: T.self), y = io.output(0, as: UInt8.self)
            io.parallel.forEach(count, grain: 16384, CompareElements(a: a, b: b, y: y, ta: ta, tb: tb, f: f)) { state, r in
                let (a, b, y, ta, tb, f) = (state.a, state.b, state.y, state.ta, state.tb, state.f)
                for i in r { y[i] = f(a[ta[i]], b[tb[i]]) ? 1 : 0 }
            }
        }
    }

    /// What a compare node's parallel loop needs. A struct, not a tuple: a closure (`f`) in a tuple
    /// passed as a loop's `state` is re-abstracted through a heap-allocated thunk on every call.
    private struct CompareElements<T> {
        let a: UnsafePointer<T>, b: UnsafePointer<T>, y: UnsafeMutablePointer<UInt8>
        let ta: [Int], tb: [Int]
        let f: (T, T) -> Bool
    }

    static func comparison<T: Comparable>(_ op: CompareOperator) -> (T, T) -> Bool {
        switch op {
        case .equal: return (==)
        case .greater: return (>)
        case .less: return (<)
        case .greaterOrEqual: return (>=)
        case .lessOrEqual: return (<=)
        }
    }
}
