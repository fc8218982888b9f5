import SpyglassIR

/// Reductions and selections: reduce, argMax, topK, gather, cast, compare, not, select.
extension OpCodecs {
    static let reduce = OpCodec(kind: .reduce, encode: { op in
        guard case .reduce(let a) = op else { return [] }
        return [("operator", .string(a.op.rawValue)), ("axes", .ints(a.axes)), ("keepDims", .bool(a.keepDims))]
    }, decode: { r in
        .reduce(ReduceAttributes(try r.named("operator", ReduceOperator.self), axes: try r.ints("axes"), keepDims: try r.bool("keepDims")))
    })

    static let argMax = OpCodec(kind: .argMax, encode: { op in
        guard case .argMax(let a) = op else { return [] }
        return [("axis", .int(a.axis)), ("keepDims", .bool(a.keepDims)), ("selectLastIndex", .bool(a.selectLastIndex))]
    }, decode: { r in
        .argMax(ArgMaxAttributes(axis: try r.int("axis"), keepDims: try r.bool("keepDims"), selectLastIndex: try r.bool("selectLastIndex")))
    })

    static let topK = OpCodec(kind: .topK, encode: { op in
        guard case .topK(let a) = op else { return [] }
        return [("k", .int(a.k)), ("axis", .int(a.axis)), ("largest", .bool(a.largest))]
    }, decode: { r in .topK(TopKAttributes(k: try r.int("k"), axis: try r.int("axis"), largest: try r.bool("largest"))) })

    static let gather = OpCodec(kind: .gather, encode: { op in
        guard case .gather(let a) = op else { return [] }
        return [("axis", .int(a.axis))]
    }, decode: { r in .gather(GatherAttributes(axis: try r.int("axis"))) })

    static let cast = OpCodec(kind: .cast, encode: { op in
        guard case .cast(let to) = op else { return [] }
        return [("to", .string(to.rawValue))]
    }, decode: { r in .cast(try r.named("to", DType.self)) })

    static let compare = OpCodec(kind: .compare, encode: { op in
        guard case .compare(let c) = op else { return [] }
        return [("operator", .string(c.rawValue))]
    }, decode: { r in .compare(try r.named("operator", CompareOperator.self)) })

    static let not = plain(.not, .not)
    static let select = plain(.select, .select)
}

extension AttributeReader {
    /// A string attribute naming a case of `T`; the error lists the known names.
    mutating func named<T: RawRepresentable & CaseIterable>(_ key: String, _: T.Type) throws -> T where T.RawValue == String {
        let name = try string(key)
        guard let value = T(rawValue: name) else {
            throw FormatError.invalidAttribute(file: file, node: node, attribute: key,
                                               message: "unknown value '\(name)' (known: \(T.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return value
    }
}
