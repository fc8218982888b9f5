import Foundation
import SpyglassIR

/// The IR ops with a direct ONNX counterpart (plus a fused activation where the op carries one).
enum LayerExport {
    static func conv2d(_ a: Conv2DAttributes, _ s: NodeScope) throws {
        var inputs = [try s.input(0), try s.input(1)]
        if s.node.inputs.count > 2 { inputs.append(try s.input(2)) }
        let p = a.padding
        let attributes: [String: ONNXAttribute] = [
            "kernel_shape": .ints([a.kernelH, a.kernelW].map(Int64.init)),
            "strides": .ints([a.strideH, a.strideW].map(Int64.init)),
            "dilations": .ints([a.dilationH, a.dilationW].map(Int64.init)),
            "pads": .ints([p.top, p.left, p.bottom, p.right].map(Int64.init)),
            "group": .int(Int64(a.groups)),
        ]
        ActivationExport.withActivation(a.activation, s) { final in
            s.emit("Conv", inputs, attributes, step: "conv", final: final)
        }
    }

    /// Darknet normalises with sqrt(var) + eps, ONNX with sqrt(var' + eps'): exporting
    /// var' = (sqrt(var) + eps)² − eps' makes the two denominators equal. eps' = eps² rather than eps:
    /// var' ≥ 0 then, and ONNX's var' + eps' does not cancel catastrophically when var ≪ eps.
    static func batchNorm(_ a: BatchNormAttributes, _ s: NodeScope) throws {
        let x = try s.input(0), scale = try s.input(1), bias = try s.input(2), mean = try s.input(3)
        let variance: String
        var epsilon = a.epsilon
        switch a.placement {
        case .insideSqrt:
            variance = try s.input(4)
        case .afterSqrt:
            guard let v = s.constant(4), v.type.dtype == .float32 else {
                throw s.fail("Darknet-style batch-norm (epsilon after the square root) needs a constant variance to export")
            }
            let eps = Double(a.epsilon), onnxEps = Float(eps * eps)
            let adjusted = v.floatArray.map { value -> Float in
                let d = Double(value).squareRoot() + eps
                return Float(d * d - Double(onnxEps))
            }
            variance = s.floats(adjusted, dims: v.shape, step: "variance_after_sqrt")
            epsilon = onnxEps
        }
        s.emit("BatchNormalization", [x, scale, bias, mean, variance], ["epsilon": .float(epsilon)],
               step: "batchnorm", final: true)
    }

    static func biasAdd(_ s: NodeScope) throws {
        let shape = s.inputShape(0)
        guard shape.count >= 2 else { throw s.fail("bias-add needs an input of rank ≥ 2, got \(shape)") }
        let bias = try s.input(1, reshapedTo: [shape[1]] + Array(repeating: 1, count: shape.count - 2), step: "bias")
        s.emit("Add", [try s.input(0), bias], step: "add", final: true)
    }

    static func pool(_ a: Pool2DAttributes, max isMax: Bool, _ s: NodeScope) throws {
        var x = try s.input(0)
        var p = a.padding
        var attributes: [String: ONNXAttribute] = [
            "kernel_shape": .ints([a.kernelH, a.kernelW].map(Int64.init)),
            "strides": .ints([a.strideH, a.strideW].map(Int64.init)),
        ]
        // ONNX Runtime requires each pad to be smaller than the window; Darknet allows any padding.
        let padsFit = p.top < a.kernelH && p.bottom < a.kernelH && p.left < a.kernelW && p.right < a.kernelW
        if !padsFit {
            guard isMax else { throw s.fail("average pooling with padding ≥ the window (\(p)) has no ONNX equivalent") }
            // Darknet's max starts at −FLT_MAX and ignores cells outside the input: padding with −FLT_MAX is the same.
            x = s.pad(x, begins: [0, 0, p.top, p.left], ends: [0, 0, p.bottom, p.right],
                      value: -Float.greatestFiniteMagnitude, step: "pad")
            p = .zero
        }
        attributes["pads"] = .ints([p.top, p.left, p.bottom, p.right].map(Int64.init))
        if !isMax { attributes["count_include_pad"] = .int(a.countIncludePad ? 1 : 0) }
        s.emit(isMax ? "MaxPool" : "AveragePool", [x], attributes, step: "pool", final: true)
    }

    static func upsample(_ a: UpsampleAttributes, _ s: NodeScope) throws {
        let f = Float(a.factor)
        let scales = s.floats([1, 1, f, f], dims: [4], step: "scales")
        let attributes: [String: ONNXAttribute] = [
            "mode": .string("nearest"), "coordinate_transformation_mode": .string("asymmetric"),
            "nearest_mode": .string("floor"),
        ]
        let last = a.multiplier == 1
        let y = s.emit("Resize", [try s.input(0), "", scales], attributes, step: "resize", final: last)
        if !last { s.emit("Mul", [y, s.builder.scalar(a.multiplier)], step: "scale", final: true) }
    }

    /// Flatten + Gemm(transB) (+ activation) (+ Reshape back to [N, outputs, 1, 1]).
    static func fullyConnected(_ a: FullyConnectedAttributes, _ s: NodeScope) throws {
        let inShape = s.inputShape(0), outShape = s.outputShape
        var x = try s.input(0)
        if inShape.count != 2 { x = s.emit("Flatten", [x], ["axis": .int(1)], step: "flatten") }
        var inputs = [x, try s.input(1)]
        if s.node.inputs.count > 2 { inputs.append(try s.input(2)) }
        let reshapeAfter = outShape.count != 2
        let gemm = s.emit("Gemm", inputs, ["transB": .int(1)], step: "gemm", final: !reshapeAfter && a.activation == .linear)
        var y = gemm
        if a.activation != .linear { y = ActivationExport.emit(a.activation, gemm, s, final: !reshapeAfter) }
        if reshapeAfter { s.reshape(y, to: outShape, step: "reshape", final: true) }
    }

    /// Darknet's softmax over `groups` contiguous chunks of everything from `axis` on, with a temperature.
    static func softmax(_ a: SoftmaxAttributes, _ s: NodeScope) throws {
        let shape = s.inputShape(0)
        guard a.axis >= 0, a.axis <= shape.count, a.groups > 0 else { throw s.fail("axis \(a.axis) / groups \(a.groups) invalid for \(shape)") }
        let outer = shape[..<a.axis].reduce(1, *), inner = shape[a.axis...].reduce(1, *)
        var x = s.reshape(try s.input(0), to: [outer, a.groups, inner / a.groups], step: "groups")
        // x/T − max(x/T) is Darknet's x/T − max/T: division by T is monotonic.
        if a.temperature != 1 { x = s.emit("Div", [x, s.builder.scalar(a.temperature)], step: "temperature") }
        let y = s.emit("Softmax", [x], ["axis": .int(-1)], step: "softmax")
        s.reshape(y, to: shape, step: "reshape", final: true)
    }
}
