import SpyglassIR

/// resize: one listed axis at a time (ONNX's interpolation is separable), each output index the
/// weighted sum of its taps, in Double; tf_crop_and_resize outputs outside the input take the
/// extrapolation value. Integer and bool tensors (nearest only) go through Double and back, as
/// ONNX's reference does.
enum ReferenceResize {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .resize(let a) = ctx.node.op else { throw ctx.wrongOp }
        let inputShape = ctx.inputShapes[0], count = inputShape.reduce(1, *), outCount = ctx.outputCount
        if let problem = a.problem(rank: inputShape.count) { throw ctx.unsupported(problem) }
        let dtype = ctx.inputTypes.first ?? .float32
        if dtype != .float32, a.mode != .nearest {
            throw ctx.unsupported("\(a.mode.rawValue) resize of \(dtype.rawValue) is not supported (nearest is)")
        }
        return ReferenceKernel { inputs, y in
            let x = UnsafeRawPointer(inputs[0]), out = UnsafeMutableRawPointer(y)
            let values: [Double]
            switch dtype {
            case .float32: values = (0..<count).map { Double(x.load(fromByteOffset: 4 * $0, as: Float.self)) }
            case .int64: values = (0..<count).map { Double(x.load(fromByteOffset: 8 * $0, as: Int64.self)) }
            case .int32: values = (0..<count).map { Double(x.load(fromByteOffset: 4 * $0, as: Int32.self)) }
            case .uint8, .bool: values = (0..<count).map { Double(x.load(fromByteOffset: $0, as: UInt8.self)) }
            }
            let result = resample(values, inputShape, a)
            for i in 0..<outCount {
                switch dtype {
                case .float32: out.storeBytes(of: Float(result[i]), toByteOffset: 4 * i, as: Float.self)
                case .int64: out.storeBytes(of: result[i].int64TowardZero, toByteOffset: 8 * i, as: Int64.self)
                case .int32: out.storeBytes(of: Int32(truncatingIfNeeded: result[i].int64TowardZero), toByteOffset: 4 * i, as: Int32.self)
                case .uint8, .bool: out.storeBytes(of: UInt8(truncatingIfNeeded: result[i].int64TowardZero), toByteOffset: i, as: UInt8.self)
                }
            }
        }
    }

    static func resample(_ input: [Double], _ inputShape: [Int], _ a: ResizeAttributes) -> [Double] {
        var shape = inputShape, current = input
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
        return current
    }
}

private extension Double {
    /// Rounded toward zero into Int64's range (NaN → 0), as a cast to an integer type does.
    var int64TowardZero: Int64 {
        if isNaN { return 0 }
        return Int64(exactly: rounded(.towardZero)) ?? (self < 0 ? .min : .max)
    }
}
