import CKernels
import SpyglassIR

/// [detection] (YOLOv1): copy; with softmax, each location's `classes` probabilities are softmaxed.
enum DetectionKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .detection(let a) = ctx.node.op else { throw ctx.wrongOp }
        let s = ctx.inputShapes[0]
        let batch = s[0], item = s.dropFirst().reduce(1, *), locations = a.side * a.side
        return ClosureKernel { io in
            copyFloats(io.inputs[0], io.outputs[0], batch * item)
            guard a.softmax else { return }
            for n in 0..<batch {
                let base = io.outputs[0] + n * item
                for loc in 0..<locations { sg_softmax(base + loc * a.classes, base + loc * a.classes, a.classes, 1, 1) }
            }
        }
    }
}
