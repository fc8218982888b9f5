import SpyglassIR

/// Small hand-built graphs for pass tests.
enum TestGraphs {
    static func input(_ shape: [Int] = [1, 1, 2, 2]) -> ValueInfo { ValueInfo(name: "x", type: .float32(shape)) }

    static let conv1x1 = Conv2DAttributes(outChannels: 2, kernelH: 1, kernelW: 1)

    /// x[1,1,2,2] → conv (1×1, 2 filters, weights [2, -1], optional bias) → batchNorm (`placement`, ε = 0.5) → `after`.
    /// BN: scale [2, 0.5], bias [1, 0], mean [0.5, -1], variance [4, 0.25].
    static func convBatchNorm(placement: EpsilonPlacement, convBias: [Float]? = nil, outputs: [String] = ["bn.out"],
                              extra: [Node] = []) -> Graph {
        var constants: [String: ConstantTensor] = [
            "conv.w": ConstantTensor(floats: [2, -1], shape: [2, 1, 1, 1]),
            "bn.scale": ConstantTensor(floats: [2, 0.5], shape: [2]),
            "bn.bias": ConstantTensor(floats: [1, 0], shape: [2]),
            "bn.mean": ConstantTensor(floats: [0.5, -1], shape: [2]),
            "bn.var": ConstantTensor(floats: [4, 0.25], shape: [2]),
        ]
        var convInputs = ["x", "conv.w"]
        if let convBias {
            constants["conv.b"] = ConstantTensor(floats: convBias, shape: [2])
            convInputs.append("conv.b")
        }
        let nodes = [
            Node(name: "conv", op: .conv2d(conv1x1), inputs: convInputs, outputs: ["conv.out"]),
            Node(name: "bn", op: .batchNorm(BatchNormAttributes(epsilon: 0.5, placement: placement)),
                 inputs: ["conv.out", "bn.scale", "bn.bias", "bn.mean", "bn.var"], outputs: ["bn.out"]),
        ] + extra
        return Graph(name: "conv-bn", inputs: [input()], outputs: outputs, nodes: nodes, constants: constants)
    }

    static func node(_ name: String, _ op: Op, _ inputs: [String]) -> Node {
        Node(name: name, op: op, inputs: inputs, outputs: [name + ".out"])
    }
}

extension Graph {
    var opKinds: [OpKind] { nodes.map(\.op.kind) }
    func floats(_ constant: String) -> [Float]? { constants[constant]?.floatArray }
}
