/// [yolo]: channel (anchor·(5 + classes) + entry); entries 0, 1 and 4… get the logistic, 2 and 3 do not.
enum ReferenceYolo {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .yolo(let a) = ctx.node.op else { throw ctx.wrongOp }
        let x = try ctx.nchw(0)
        let plane = x.h * x.w
        return ReferenceKernel { inputs, y in
            for i in 0..<(x.n * x.c * plane) {
                let entry = (i / plane) % (5 + a.classes)
                y[i] = entry == 2 || entry == 3 ? inputs[0][i] : referenceLogistic(inputs[0][i])
            }
        }
    }
}
