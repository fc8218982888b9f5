import SpyglassIR

/// matMul, convTranspose and pool: their ONNX namesakes.
enum LinalgExport {
    static func matMul(_ s: NodeScope) throws {
        s.emit("MatMul", [try s.input(0), try s.input(1)], step: "matmul", final: true)
    }

    /// Extra cells at the end (negative `padsEnd`) become `output_padding`.
    static func convTranspose(_ a: ConvTransposeAttributes, _ s: NodeScope) throws {
        guard a.padsBegin.allSatisfy({ $0 >= 0 }) else { throw s.fail("negative begin padding \(a.padsBegin) has no ONNX form") }
        var inputs = [try s.input(0), try s.input(1)]
        if s.node.inputs.count > 2 { inputs.append(try s.input(2)) }
        let attributes: [String: ONNXAttribute] = [
            "kernel_shape": .ints(a.kernel.map(Int64.init)),
            "strides": .ints(a.strides.map(Int64.init)),
            "dilations": .ints(a.dilations.map(Int64.init)),
            "group": .int(Int64(a.groups)),
            "pads": .ints((a.padsBegin + a.padsEnd.map { max($0, 0) }).map(Int64.init)),
            "output_padding": .ints(a.padsEnd.map { Int64(max(-$0, 0)) }),
        ]
        s.emit("ConvTranspose", inputs, attributes, step: "convtranspose", final: true)
    }

    static func pool(_ a: PoolAttributes, _ s: NodeScope) throws {
        let isMax = a.mode == .max
        var attributes: [String: ONNXAttribute] = [
            "kernel_shape": .ints(a.kernel.map(Int64.init)),
            "strides": .ints(a.strides.map(Int64.init)),
            "pads": .ints((a.padsBegin + a.padsEnd).map(Int64.init)),
            "ceil_mode": .int(a.ceilMode ? 1 : 0),
        ]
        if a.dilations.contains(where: { $0 != 1 }) {
            guard isMax || s.opset >= 19 else { throw s.fail("AveragePool has dilations from opset 19; exporting at \(s.opset)") }
            attributes["dilations"] = .ints(a.dilations.map(Int64.init))
        }
        if isMax {
            attributes["storage_order"] = .int(a.columnMajorIndices ? 1 : 0)
        } else {
            attributes["count_include_pad"] = .int(a.countIncludePad ? 1 : 0)
        }
        // The indices output keeps its IR name, as the values output does.
        s.builder.append(ONNXNode(name: s.node.name, opType: isMax ? "MaxPool" : "AveragePool", inputs: [try s.input(0)],
                                  outputs: s.node.outputs, attributes: attributes))
    }
}
