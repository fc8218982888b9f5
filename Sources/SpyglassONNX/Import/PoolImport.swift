import SpyglassIR

/// MaxPool / AveragePool → maxPool / avgPool when the 2-D Darknet-style op computes the same thing
/// (float, no dilation, no indices, ceil_mode not changing the size); otherwise the N-D `pool`.
/// GlobalAveragePool → globalAvgPool.
enum PoolImport {
    static let rules: [String: [VersionedRule]] = [
        "MaxPool": [VersionedRule(since: 1, rule: { try pool($0, $1, mode: .max) })],
        "AveragePool": [VersionedRule(since: 1, rule: { try pool($0, $1, mode: .average) })],
        "GlobalAveragePool": [VersionedRule(since: 1, rule: { n, ctx in
            try ctx.emit(.globalAvgPool, [try ctx.input(n, 0)], from: n, output: n.outputs[0])
        })],
    ]

    static func pool(_ n: ONNXNode, _ ctx: ImportContext, mode: PoolMode) throws {
        let x = try ctx.input(n, 0)
        let kernel = try n.ints("kernel_shape").map(Int.init)
        let rank = kernel.count
        guard rank >= 1 else { throw ctx.fail(n, "kernel_shape must not be empty") }
        let strides = try n.ints("strides", default: Array(repeating: 1, count: rank)).map(Int.init)
        let dilations = try n.ints("dilations", default: Array(repeating: 1, count: rank)).map(Int.init)
        guard strides.count == rank, dilations.count == rank else {
            throw ctx.fail(n, "strides \(strides) and dilations \(dilations) must have \(rank) values like kernel_shape")
        }
        let pads = try SpatialPaddingND.resolve(n, ctx, input: x, kernel: kernel, strides: strides, dilations: dilations)
        let indices = mode == .max && n.outputs.count > 1 && !n.outputs[1].isEmpty
        let a = PoolAttributes(mode: mode, kernel: kernel, strides: strides, dilations: dilations, padsBegin: pads.begin, padsEnd: pads.end,
                               ceilMode: try n.int("ceil_mode", default: 0) != 0,
                               countIncludePad: try mode == .average && n.int("count_include_pad", default: 0) != 0,
                               producesIndices: indices, columnMajorIndices: try n.int("storage_order", default: 0) != 0)
        if let darknetStyle = try darknetStylePool(a, x, n, ctx) {
            try ctx.emit(darknetStyle, [x], from: n, output: n.outputs[0])
        } else {
            try ctx.emit(.pool(a), [x], from: n, outputs: indices ? Array(n.outputs.prefix(2)) : [n.outputs[0]])
        }
    }

    /// The 2-D maxPool/avgPool computing exactly `a`, if there is one.
    private static func darknetStylePool(_ a: PoolAttributes, _ x: String, _ n: ONNXNode, _ ctx: ImportContext) throws -> Op? {
        guard a.spatialRank == 2, a.dilations == [1, 1], !a.producesIndices, ctx.elementType(of: x) == .float32 else { return nil }
        if a.ceilMode {
            // ceil_mode only matters when the window does not tile the padded input exactly.
            let s = try ctx.shape(x, for: n, concreteAt: [2, 3]).map { $0 ?? 0 }
            var floor = a
            floor.ceilMode = false
            guard s.count == 4, floor.outputSpatial(Array(s[2...])) == a.outputSpatial(Array(s[2...])) else { return nil }
        }
        let p = Padding2D(top: a.padsBegin[0], left: a.padsBegin[1], bottom: a.padsEnd[0], right: a.padsEnd[1])
        let pool2D = Pool2DAttributes(kernelH: a.kernel[0], kernelW: a.kernel[1], strideH: a.strides[0], strideW: a.strides[1],
                                      padding: p, countIncludePad: a.countIncludePad)
        return a.mode == .max ? .maxPool(pool2D) : .avgPool(pool2D)
    }
}

/// `pads` / `auto_pad` of the N-D ops as explicit padding at the start and end of each spatial dim.
enum SpatialPaddingND {
    static func resolve(_ n: ONNXNode, _ ctx: ImportContext, input: String, kernel: [Int], strides: [Int],
                        dilations: [Int]) throws -> (begin: [Int], end: [Int]) {
        let rank = kernel.count
        let autoPad = try n.string("auto_pad", default: "NOTSET")
        switch autoPad {
        case "NOTSET":
            let p = try n.ints("pads", default: Array(repeating: 0, count: 2 * rank)).map(Int.init)
            guard p.count == 2 * rank, p.allSatisfy({ $0 >= 0 }) else { throw ctx.fail(n, "pads \(p) must be \(2 * rank) non-negative values") }
            return (Array(p[..<rank]), Array(p[rank...]))
        case "VALID":
            return (Array(repeating: 0, count: rank), Array(repeating: 0, count: rank))
        case "SAME_UPPER", "SAME_LOWER":
            let shape = try ctx.shape(input, for: n, concreteAt: Array(2..<(2 + rank))).map { $0 ?? 0 }
            guard shape.count == rank + 2 else { throw ctx.fail(n, "input must have \(rank) spatial dims, got \(shape)") }
            var begin = [Int](repeating: 0, count: rank), end = begin
            for d in 0..<rank {
                let size = shape[2 + d], out = (size + strides[d] - 1) / strides[d]
                let total = max((out - 1) * strides[d] + dilations[d] * (kernel[d] - 1) + 1 - size, 0)
                let small = total / 2, large = total - small
                (begin[d], end[d]) = autoPad == "SAME_UPPER" ? (small, large) : (large, small)
            }
            return (begin, end)
        default:
            throw ctx.fail(n, "unknown auto_pad '\(autoPad)'")
        }
    }
}
