import SpyglassIR

/// reshape, transpose and binary: their ONNX namesakes (the reshape target written concretely).
enum TensorOpExport {
    static func reshape(_ s: NodeScope) throws {
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
