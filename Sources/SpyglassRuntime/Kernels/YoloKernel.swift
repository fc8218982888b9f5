import CKernels
import SpyglassIR

/// [yolo]: logistic on x, y and on objectness + classes of each anchor ([anchor][5+classes][h][w]),
/// w and h copied; one pass from input to output.
enum YoloKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .yolo(let a) = ctx.node.op else { throw ctx.wrongOp }
        let x = try ctx.nchw(0)
        let plane = x.h * x.w, anchorStride = (5 + a.classes) * plane, item = x.c * plane, anchors = a.mask.count
        // Channels past the anchors' (if any) are copied as they are.
        let used = anchors * anchorStride
        return ClosureKernel { io in
            let state = (io.inputs[0], io.outputs[0], anchors, item, anchorStride, plane, a.classes)
            io.parallel.forEach(x.n * anchors, state) { state, r in
                let (input, output, anchors, item, anchorStride, plane, classes) = state
                for i in r {
                    let offset = (i / anchors) * item + (i % anchors) * anchorStride
                    let src = input + offset, dst = output + offset
                    sg_logistic_to(src, dst, 2 * plane)
                    copyFloats(src + 2 * plane, dst + 2 * plane, 2 * plane)
                    sg_logistic_to(src + 4 * plane, dst + 4 * plane, (1 + classes) * plane)
                }
            }
            if used < item {
                for b in 0..<x.n { copyFloats(io.inputs[0] + b * item + used, io.outputs[0] + b * item + used, item - used) }
            }
        }
    }
}
