import SpyglassIR

/// reshape, transpose and binary: their ONNX namesakes (the reshape target written concretely).
enum TensorOpExport {
    static func reshape(_ s: NodeScope) throws {
        if s.outputShape.contains(0) {
            // A 0 in Reshape's target copies the input dim unless allowzero (opset 14) says it is a 0.
            guard s.opset >= 14 else { throw s.fail("a reshape to the empty shape \(s.outputShape) needs opset 14 or later") }
            s.emit("Reshape", [try s.input(0), s.int64s(s.outputShape, step: "reshape_shape")], ["allowzero": .int(1)], step: "reshape", final: true)
            return
        }
        s.reshape(try s.input(0), to: s.outputShape, step: "reshape", final: true)
    }

    static func transpose(_ a: TransposeAttributes, _ s: NodeScope) throws {
        s.emit("Transpose", [try s.input(0)], ["perm": .ints(a.permutation.map(Int64.init))], step: "transpose", final: true)
    }

    static func binary(_ a: BinaryAttributes, _ s: NodeScope) throws {
        let opType: String
        switch a.op {
        case .add: opType = "Add"
        case .sub: opType = "Sub"
        case .mul: opType = "Mul"
        case .div: opType = "Div"
        case .pow: opType = "Pow"
        }
        s.emit(opType, [try s.input(0), try s.input(1)], step: a.op.rawValue, final: true)
    }
}

extension TensorOpExport {
    /// unary: the ONNX op of the same formula (opset ≥ 13 forms).
    static func unary(_ a: UnaryAttributes, _ s: NodeScope) throws {
        let x = try s.input(0)
        func plain(_ opType: String, _ attributes: [String: ONNXAttribute] = [:]) {
            s.emit(opType, [x], attributes, step: a.op.rawValue, final: true)
        }
        switch a.op {
        case .exp: plain("Exp")
        case .log: plain("Log")
        case .sqrt: plain("Sqrt")
        case .neg: plain("Neg")
        case .abs: plain("Abs")
        case .reciprocal: plain("Reciprocal")
        case .floor: plain("Floor")
        case .ceil: plain("Ceil")
        case .erf: plain("Erf")
        case .softplus: plain("Softplus")
        case .softsign: plain("Softsign")
        case .hardSigmoid: plain("HardSigmoid", ["alpha": .float(a.alpha), "beta": .float(a.beta)])
        case .hardSwish: plain("HardSwish")
        case .leakyRelu: plain("LeakyRelu", ["alpha": .float(a.alpha)])
        case .elu: plain("Elu", ["alpha": .float(a.alpha)])
        case .clip: s.emit("Clip", [x, s.builder.scalar(a.alpha), s.builder.scalar(a.beta)], step: "clip", final: true)
        }
    }
}
