import Foundation
import SpyglassIR

/// batchNorm: (x - mean) / (sqrt(var) + eps) · scale + bias (Darknet), or sqrt(var + eps) (ONNX).
enum ReferenceBatchNorm {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .batchNorm(let a) = ctx.node.op else { throw ctx.wrongOp }
        let x = try ctx.nchw(0)
        return ReferenceKernel { inputs, y in
            let input = inputs[0], scale = inputs[1], bias = inputs[2], mean = inputs[3], variance = inputs[4]
            for n in 0..<x.n {
                for c in 0..<x.c {
                    let denominator = a.placement == .afterSqrt ? sqrtf(variance[c]) + a.epsilon : sqrtf(variance[c] + a.epsilon)
                    for i in 0..<(x.h * x.w) {
                        let index = (n * x.c + c) * x.h * x.w + i
                        y[index] = (input[index] - mean[c]) / denominator * scale[c] + bias[c]
                    }
                }
            }
        }
    }
}
