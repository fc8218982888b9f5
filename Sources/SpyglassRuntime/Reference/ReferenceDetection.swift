/// [detection] (YOLOv1): a copy; with softmax, the first side²·classes values are side² blocks of
/// class scores, each softmaxed.
enum ReferenceDetection {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .detection(let a) = ctx.node.op else { throw ctx.wrongOp }
        let s = ctx.inputShapes[0]
        let batch = s[0], item = s.dropFirst().reduce(1, *)
        return ReferenceKernel { inputs, y in
            for i in 0..<(batch * item) { y[i] = inputs[0][i] }
            guard a.softmax else { return }
            for n in 0..<batch {
                for loc in 0..<(a.side * a.side) {
                    let offset = n * item + loc * a.classes
                    referenceSoftmax(inputs[0] + offset, y + offset, n: a.classes, temperature: 1, stride: 1)
                }
            }
        }
    }
}
