import Foundation
import SpyglassIR

/// Evaluates the ops whose meaning is plain arithmetic on float32 constants, without the runtime.
/// Returns nil for ops it does not evaluate (convolutions, pooling, detector outputs …).
enum ConstantEvaluator {
    struct Value {
        var shape: [Int]
        var data: [Float]
    }

    static func canEvaluate(_ op: Op) -> Bool {
        switch op {
        case .identity, .dropout, .activation, .add, .biasAdd, .concat, .slice, .batchNorm, .upsample: return true
        default: return false
        }
    }

    /// `node` is used for error messages; shapes are checked with the IR's own shape inference first.
    static func evaluate(_ op: Op, _ inputs: [Value], node: String) throws -> Value? {
        guard canEvaluate(op) else { return nil }
        let shapes = try op.outputShapes(inputs.map(\.shape), at: node)
        guard let shape = shapes.first, shapes.count == 1 else { return nil }
        let x = inputs[0]
        switch op {
        case .identity, .dropout:
            return x
        case .activation(let f):
            return Value(shape: shape, data: x.data.map(f.apply))
        case .add:
            return Value(shape: shape, data: zip(x.data, inputs[1].data).map(+))
        case .biasAdd:
            let b = inputs[1].data
            return Value(shape: shape, data: perChannel(x) { c, v in v + b[c] })
        case .batchNorm(let a):
            let (scale, beta, mean, variance) = (inputs[1].data, inputs[2].data, inputs[3].data, inputs[4].data)
            return Value(shape: shape, data: perChannel(x) { c, v in
                let spread = a.placement == .insideSqrt ? sqrtf(variance[c] + a.epsilon) : sqrtf(variance[c]) + a.epsilon
                return scale[c] * (v - mean[c]) / spread + beta[c]
            })
        case .concat(let a):
            let outer = shape[..<a.axis].reduce(1, *)
            var data: [Float] = []
            data.reserveCapacity(shape.reduce(1, *))
            for o in 0..<outer {
                for input in inputs {
                    let chunk = input.shape[a.axis...].reduce(1, *)
                    data.append(contentsOf: input.data[(o * chunk)..<((o + 1) * chunk)])
                }
            }
            return Value(shape: shape, data: data)
        case .slice(let a):
            let outer = x.shape[..<a.axis].reduce(1, *)
            let inner = x.shape[(a.axis + 1)...].reduce(1, *)
            let extent = x.shape[a.axis]
            var data: [Float] = []
            for o in 0..<outer {
                let base = o * extent * inner
                data.append(contentsOf: x.data[(base + a.start * inner)..<(base + a.end * inner)])
            }
            return Value(shape: shape, data: data)
        case .upsample(let a):
            let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
            let (oh, ow) = (h * a.factor, w * a.factor)
            var data = [Float](repeating: 0, count: n * c * oh * ow)
            for plane in 0..<(n * c) {
                for i in 0..<oh {
                    for j in 0..<ow {
                        data[(plane * oh + i) * ow + j] = a.multiplier * x.data[(plane * h + i / a.factor) * w + j / a.factor]
                    }
                }
            }
            return Value(shape: shape, data: data)
        default:
            return nil
        }
    }

    /// Applies `f(channel, value)` to a tensor laid out `[N, C, …]`.
    private static func perChannel(_ x: Value, _ f: (Int, Float) -> Float) -> [Float] {
        guard x.shape.count >= 2 else { return x.data }
        let channels = x.shape[1]
        let inner = x.shape[2...].reduce(1, *)
        return x.data.enumerated().map { i, v in f(inner == 0 ? 0 : (i / inner) % channels, v) }
    }
}
