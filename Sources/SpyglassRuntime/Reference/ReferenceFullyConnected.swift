/// fullyConnected: y[n, o] = activation(Σ_i W[o, i]·x[n, i] + b[o]).
enum ReferenceFullyConnected {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .fullyConnected(let a) = ctx.node.op else { throw ctx.wrongOp }
        let s = ctx.inputShapes[0]
        let batch = s[0], inputs = s.dropFirst().reduce(1, *), hasBias = ctx.hasInput(2)
        return ReferenceKernel { ins, y in
            for n in 0..<batch {
                for o in 0..<a.outputs {
                    var sum: Float = 0
                    for i in 0..<inputs { sum += ins[1][o * inputs + i] * ins[0][n * inputs + i] }
                    if hasBias { sum += ins[2][o] }
                    y[n * a.outputs + o] = a.activation.apply(sum)
                }
            }
        }
    }
}
