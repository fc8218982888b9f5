import SpyglassIR

/// resize: one listed axis at a time (ONNX's interpolation is separable), each output index the
/// weighted sum of its taps, in Double; tf_crop_and_resize outputs outside the input take the
/// extrapolation value.
enum ReferenceResize {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .resize(let a) = ctx.node.op else { throw ctx.wrongOp }
        let inputShape = ctx.inputShapes[0]
        if let problem = a.problem(rank: inputShape.count) { throw ctx.unsupported(problem) }
        return ReferenceKernel { inputs, y in
            var shape = inputShape
            var current = (0..<shape.reduce(1, *)).map { Double(inputs[0][$0]) }
            for i in a.axes.indices {
                let axis = ResizeAxis(a, i, inputShape: shape)
                let outer = shape[..<a.axes[i]].reduce(1, *), inner = shape[(a.axes[i] + 1)...].reduce(1, *)
                var next = [Double](repeating: 0, count: outer * axis.outSize * inner)
                for o in 0..<axis.outSize {
                    let taps = axis.taps(o)
                    for b in 0..<outer {
                        for k in 0..<inner {
                            var sum = 0.0
                            for (index, weight) in zip(taps.indices, taps.weights) {
                                sum += weight * current[(b * axis.inSize + index) * inner + k]
                            }
                            next[(b * axis.outSize + o) * inner + k] = taps.extrapolated ? Double(a.extrapolationValue) : sum
                        }
                    }
                }
                current = next
                shape[a.axes[i]] = axis.outSize
            }
            for (i, v) in current.enumerated() { y[i] = Float(v) }
        }
    }
}
