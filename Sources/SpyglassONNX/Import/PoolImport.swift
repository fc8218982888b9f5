import SpyglassIR

/// MaxPool / AveragePool (2-D, floor mode) and GlobalAveragePool.
enum PoolImport {
    static let rules: [String: [VersionedRule]] = [
        "MaxPool": [VersionedRule(since: 1, rule: { try pool($0, $1, max: true) })],
        "AveragePool": [VersionedRule(since: 1, rule: { try pool($0, $1, max: false) })],
        "GlobalAveragePool": [VersionedRule(since: 1, rule: { n, ctx in
            try ctx.emit(.globalAvgPool, [try ctx.input(n, 0)], from: n, output: n.outputs[0])
        })],
    ]

    static func pool(_ n: ONNXNode, _ ctx: ImportContext, max isMax: Bool) throws {
        if n.outputs.dropFirst().contains(where: { !$0.isEmpty }) { throw ctx.fail(n, "the Indices output is not supported") }
        let x = try ctx.input(n, 0)
        let kernel = try n.ints("kernel_shape").map(Int.init)
        guard kernel.count == 2 else { throw ctx.fail(n, "only 2-D pooling is supported, kernel_shape \(kernel)") }
        let strides = try n.ints("strides", default: [1, 1]).map(Int.init)
        let dilations = try n.ints("dilations", default: [1, 1]).map(Int.init)
        guard strides.count == 2, dilations == [1, 1] else { throw ctx.fail(n, "strides must have 2 values and dilations be 1") }
        let padding = try SpatialPadding.resolve(n, ctx, input: x, kernel: kernel, strides: strides, dilations: dilations)
        if try n.int("ceil_mode", default: 0) != 0 {
            // ceil_mode only matters when the window does not tile the padded input exactly.
            let s = try ctx.shape(x, for: n, concreteAt: [2, 3]).map { $0 ?? 0 }
            let exact = s.count == 4 && (s[2] + padding.top + padding.bottom - kernel[0]) % strides[0] == 0
                && (s[3] + padding.left + padding.right - kernel[1]) % strides[1] == 0
            guard exact else { throw ctx.fail(n, "ceil_mode = 1 is not supported when it changes the output size") }
        }
        let a = Pool2DAttributes(kernelH: kernel[0], kernelW: kernel[1], strideH: strides[0], strideW: strides[1], padding: padding,
                                 countIncludePad: isMax ? false : try n.int("count_include_pad", default: 0) != 0)
        try ctx.emit(isMax ? .maxPool(a) : .avgPool(a), [x], from: n, output: n.outputs[0])
    }
}
