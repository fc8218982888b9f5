import SpyglassIR

/// The indexing ops: pad, stridedSlice, tile, expand.
extension OpCodecs {
    static let pad = OpCodec(kind: .pad, encode: { op in
        guard case .pad(let a) = op else { return [] }
        return [("mode", .string(a.mode.rawValue)), ("begins", .ints(a.begins)), ("ends", .ints(a.ends)), ("value", .double(a.value))]
    }, decode: { r in
        let name = try r.string("mode")
        guard let mode = PadMode(rawValue: name) else {
            throw FormatError.invalidAttribute(file: r.file, node: r.node, attribute: "mode",
                                               message: "unknown mode '\(name)' (known: \(PadMode.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return .pad(PadAttributes(mode: mode, begins: try r.ints("begins"), ends: try r.ints("ends"), value: try r.double("value")))
    })

    static let stridedSlice = OpCodec(kind: .stridedSlice, encode: { op in
        guard case .stridedSlice(let a) = op else { return [] }
        return [("starts", .ints(a.starts)), ("steps", .ints(a.steps)), ("sizes", .ints(a.sizes))]
    }, decode: { r in .stridedSlice(StridedSliceAttributes(starts: try r.ints("starts"), steps: try r.ints("steps"), sizes: try r.ints("sizes"))) })

    static let tile = OpCodec(kind: .tile, encode: { op in
        guard case .tile(let a) = op else { return [] }
        return [("repeats", .ints(a.repeats))]
    }, decode: { r in .tile(TileAttributes(repeats: try r.ints("repeats"))) })

    static let expand = OpCodec(kind: .expand, encode: { op in
        guard case .expand(let a) = op else { return [] }
        return [("shape", .ints(a.shape))]
    }, decode: { r in .expand(ExpandAttributes(shape: try r.ints("shape"))) })
}
