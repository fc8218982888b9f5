import SpyglassIR

extension OpCodecs {
    static let batchNorm = OpCodec(kind: .batchNorm, encode: { op in
        guard case .batchNorm(let a) = op else { return [] }
        return [("epsilon", .float(a.epsilon)), ("epsilon_placement", .string(a.placement.rawValue))]
    }, decode: { r in
        let epsilon = try r.float("epsilon")
        let name = try r.string("epsilon_placement")
        guard let placement = EpsilonPlacement(rawValue: name) else {
            throw FormatError.invalidAttribute(file: r.file, node: r.node, attribute: "epsilon_placement",
                                               message: "unknown placement '\(name)' (known: insideSqrt, afterSqrt)")
        }
        return .batchNorm(BatchNormAttributes(epsilon: epsilon, placement: placement))
    })

    static let biasAdd = plain(.biasAdd, .biasAdd)
    static let add = plain(.add, .add)
    static let identity = plain(.identity, .identity)

    static let activation = OpCodec(kind: .activation, encode: { op in
        guard case .activation(let f) = op else { return [] }
        return [("function", .string(f.rawValue))]
    }, decode: { r in .activation(try r.activation("function")) })

    static let softmax = OpCodec(kind: .softmax, encode: { op in
        guard case .softmax(let a) = op else { return [] }
        return [("axis", .int(a.axis)), ("groups", .int(a.groups)), ("temperature", .float(a.temperature))]
    }, decode: { r in
        .softmax(SoftmaxAttributes(axis: try r.int("axis"), groups: try r.int("groups"), temperature: try r.float("temperature")))
    })

    static let dropout = OpCodec(kind: .dropout, encode: { op in
        guard case .dropout(let p) = op else { return [] }
        return [("probability", .float(p))]
    }, decode: { r in .dropout(probability: try r.float("probability")) })
}
