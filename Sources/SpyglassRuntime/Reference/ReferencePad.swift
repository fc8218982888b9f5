import SpyglassIR

/// pad as numpy.pad defines it (ONNX's reference): reflect folds the index back across the
/// nearest edge until it lands inside, wrap shifts it by whole periods, edge clamps it.
enum ReferencePad {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .pad(let a) = ctx.node.op else { throw ctx.wrongOp }
        let x = ctx.inputShapes[0]
        return ReferenceIndexing.make(ctx, fill: a.value) { d, o in
            var i = o - a.begins[d]
            let n = x[d]
            if i >= 0 && i < n { return i }
            switch a.mode {
            case .constant: return nil
            case .edge: return i < 0 ? 0 : n - 1
            case .wrap:
                while i < 0 { i += n }
                while i >= n { i -= n }
                return i
            case .reflect:
                if n == 1 { return 0 }
                while i < 0 || i >= n {
                    if i < 0 { i = -i }
                    if i >= n { i = 2 * (n - 1) - i }
                }
                return i
            }
        }
    }
}
