import CKernels
import SpyglassIR

/// [region] (forward_region_layer, CPU path): per anchor, logistic on x, y and objectness (unless
/// background); classes get a softmax across entries at each location, or a logistic without softmax.
enum RegionKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .region(let a) = ctx.node.op else { throw ctx.wrongOp }
        let x = try ctx.nchw(0)
        try RegionKernel.checkLayout(a, channels: x.c, ctx)
        let plane = x.h * x.w, item = x.c * plane, anchorStride = item / a.num
        let firstSoftmaxEntry = a.coords + (a.background ? 0 : 1), softmaxCount = a.classes + (a.background ? 1 : 0)
        return ClosureKernel { io in
            copyFloats(io.inputs[0], io.outputs[0], x.n * item)
            for i in 0..<(x.n * a.num) {
                let base = io.outputs[0] + (i / a.num) * item + (i % a.num) * anchorStride
                sg_logistic(base, 2 * plane)
                if !a.background { sg_logistic(base + a.coords * plane, plane) }
                if a.softmax {
                    let first = base + firstSoftmaxEntry * plane
                    for loc in 0..<plane { sg_softmax(first + loc, first + loc, softmaxCount, 1, plane) }
                } else {
                    sg_logistic(base + (a.coords + 1) * plane, a.classes * plane)
                }
            }
        }
    }

    /// Darknet lays each anchor out as coords + 1 + classes entries, background or not.
    static func checkLayout(_ a: RegionAttributes, channels: Int, _ ctx: KernelContext) throws {
        guard a.num > 0, channels == a.num * (a.coords + 1 + a.classes) else {
            throw ctx.unsupported("region expects \(a.num) × (coords \(a.coords) + 1 + classes \(a.classes)) channels (Darknet's layout), got \(channels)")
        }
    }
}
