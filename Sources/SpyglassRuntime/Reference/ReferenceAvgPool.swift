/// avgPool: the mean over the window's cells inside the input, or divided by the window's cells
/// inside the padded input when `countIncludePad`.
enum ReferenceAvgPool {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .avgPool(let a) = ctx.node.op else { throw ctx.wrongOp }
        let x = try ctx.nchw(0), out = ctx.outputShape
        let p = a.padding
        return ReferenceKernel { inputs, y in
            for n in 0..<x.n {
                for c in 0..<x.c {
                    for oy in 0..<out[2] {
                        for ox in 0..<out[3] {
                            var sum: Float = 0
                            var inside = 0, insidePadded = 0
                            for ky in 0..<a.kernelH {
                                for kx in 0..<a.kernelW {
                                    let iy = oy * a.strideH - p.top + ky, ix = ox * a.strideW - p.left + kx
                                    if iy >= -p.top, iy < x.h + p.bottom, ix >= -p.left, ix < x.w + p.right { insidePadded += 1 }
                                    guard iy >= 0, iy < x.h, ix >= 0, ix < x.w else { continue }
                                    sum += inputs[0][nchwIndex(n, c, iy, ix, channels: x.c, height: x.h, width: x.w)]
                                    inside += 1
                                }
                            }
                            let divisor = a.countIncludePad ? insidePadded : inside
                            y[nchwIndex(n, c, oy, ox, channels: x.c, height: out[2], width: out[3])] = divisor > 0 ? sum / Float(divisor) : 0
                        }
                    }
                }
            }
        }
    }
}
