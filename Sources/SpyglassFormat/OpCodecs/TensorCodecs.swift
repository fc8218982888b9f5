import SpyglassIR

/// The general tensor ops the ONNX importer produces: reshape, transpose, binary, unary.
extension OpCodecs {
    static let unary = OpCodec(kind: .unary, encode: { op in
        guard case .unary(let a) = op else { return [] }
        return [("function", .string(a.op.rawValue)), ("alpha", .float(a.alpha)), ("beta", .float(a.beta))]
    }, decode: { r in
        let name = try r.string("function")
        guard let f = UnaryOperator(rawValue: name) else {
            throw FormatError.invalidAttribute(file: r.file, node: r.node, attribute: "function",
                                               message: "unknown function '\(name)' (known: \(UnaryOperator.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return .unary(UnaryAttributes(f, alpha: try r.float("alpha"), beta: try r.float("beta")))
    })

    static let reshape = OpCodec(kind: .reshape, encode: { op in
        guard case .reshape(let a) = op else { return [] }
        return [("shape", .ints(a.shape))] + (a.allowZero ? [("allowZero", .bool(true))] : [])
    }, decode: { r in .reshape(ReshapeAttributes(shape: try r.ints("shape"), allowZero: r.has("allowZero") ? try r.bool("allowZero") : false)) })

    static let transpose = OpCodec(kind: .transpose, encode: { op in
        guard case .transpose(let a) = op else { return [] }
        return [("permutation", .ints(a.permutation))]
    }, decode: { r in .transpose(TransposeAttributes(permutation: try r.ints("permutation"))) })

    static let binary = OpCodec(kind: .binary, encode: { op in
        guard case .binary(let a) = op else { return [] }
        return [("operator", .string(a.op.rawValue))]
    }, decode: { r in
        let name = try r.string("operator")
        guard let op = BinaryOperator(rawValue: name) else {
            throw FormatError.invalidAttribute(file: r.file, node: r.node, attribute: "operator",
                                               message: "unknown operator '\(name)' (known: \(BinaryOperator.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return .binary(BinaryAttributes(op))
    })
}
