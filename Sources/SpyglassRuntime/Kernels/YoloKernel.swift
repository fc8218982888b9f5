import CKernels
import SpyglassIR

/// [yolo]: copy, then logistic on x, y and on objectness + classes of each anchor ([anchor][5+classes][h][w]).
enum YoloKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .yolo(let a) = ctx.node.op else { throw ctx.wrongOp }
        let x = try ctx.nchw(0)
        let plane = x.h * x.w, anchorStride = (5 + a.classes) * plane, item = x.c * plane, anchors = a.mask.count
        return ClosureKernel { io in
            copyFloats(io.inputs[0], io.outputs[0], x.n * item)
            io.parallel.forEach(x.n * anchors) { r in
                for i in r {
                    let base = io.outputs[0] + (i / anchors) * item + (i % anchors) * anchorStride
                    sg_logistic(base, 2 * plane)
                    sg_logistic(base + 4 * plane, (1 + a.classes) * plane)
                }
            }
        }
    }
}
