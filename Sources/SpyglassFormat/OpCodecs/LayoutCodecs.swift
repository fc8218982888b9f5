import SpyglassIR

/// Ops that move or combine tensors: concat, slice, shortcut, upsample, reorg.
extension OpCodecs {
    static let concat = OpCodec(kind: .concat, encode: { op in
        guard case .concat(let a) = op else { return [] }
        return [("axis", .int(a.axis))]
    }, decode: { r in .concat(ConcatAttributes(axis: try r.int("axis"))) })

    static let slice = OpCodec(kind: .slice, encode: { op in
        guard case .slice(let a) = op else { return [] }
        return [("axis", .int(a.axis)), ("start", .int(a.start)), ("end", .int(a.end))]
    }, decode: { r in .slice(SliceAttributes(axis: try r.int("axis"), start: try r.int("start"), end: try r.int("end"))) })

    static let shortcut = OpCodec(kind: .shortcut, encode: { op in
        guard case .shortcut(let a) = op else { return [] }
        return [("alpha", .float(a.alpha)), ("beta", .float(a.beta)), ("activation", .string(a.activation.rawValue))]
    }, decode: { r in
        .shortcut(ShortcutAttributes(alpha: try r.float("alpha"), beta: try r.float("beta"), activation: try r.activation()))
    })

    static let upsample = OpCodec(kind: .upsample, encode: { op in
        guard case .upsample(let a) = op else { return [] }
        return [("factor", .int(a.factor)), ("multiplier", .float(a.multiplier))]
    }, decode: { r in .upsample(UpsampleAttributes(factor: try r.int("factor"), multiplier: try r.float("multiplier"))) })

    static let reorg = OpCodec(kind: .reorg, encode: { op in
        guard case .reorg(let a) = op else { return [] }
        return [("stride", .int(a.stride)), ("reverse", .bool(a.reverse))]
    }, decode: { r in .reorg(ReorgAttributes(stride: try r.int("stride"), reverse: try r.bool("reverse"))) })
}
