/// [region]: per anchor (coords + 1 + classes entries): logistic on entries 0, 1; on entry `coords`
/// unless background; classes softmaxed across entries at each location (from entry coords + !background,
/// classes + background of them), or logistic when softmax is off.
enum ReferenceRegion {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .region(let a) = ctx.node.op else { throw ctx.wrongOp }
        let x = try ctx.nchw(0)
        try RegionKernel.checkLayout(a, channels: x.c, ctx)
        let plane = x.h * x.w, per = a.coords + 1 + a.classes
        return ReferenceKernel { inputs, y in
            let count = x.n * x.c * plane
            for i in 0..<count { y[i] = inputs[0][i] }
            for n in 0..<x.n {
                for anchor in 0..<a.num {
                    func index(_ entry: Int, _ loc: Int) -> Int { ((n * a.num + anchor) * per + entry) * plane + loc }
                    for loc in 0..<plane {
                        y[index(0, loc)] = referenceLogistic(y[index(0, loc)])
                        y[index(1, loc)] = referenceLogistic(y[index(1, loc)])
                        if !a.background { y[index(a.coords, loc)] = referenceLogistic(y[index(a.coords, loc)]) }
                        if a.softmax {
                            let first = a.coords + (a.background ? 0 : 1)
                            referenceSoftmax(inputs[0] + index(first, loc), y + index(first, loc),
                                             n: a.classes + (a.background ? 1 : 0), temperature: 1, stride: plane)
                        } else {
                            for c in 0..<a.classes { y[index(a.coords + 1 + c, loc)] = referenceLogistic(y[index(a.coords + 1 + c, loc)]) }
                        }
                    }
                }
            }
        }
    }
}
