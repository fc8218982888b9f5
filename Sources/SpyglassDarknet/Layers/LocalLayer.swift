import SpyglassIR

/// `[local]` (parse_local): a convolution with its own weights per output location.
/// Darknet pads by the `pad` value itself but sizes the output as if padding were (size-1)/2, so the
/// two agree only when size = 2·pad + 1; other combinations are reported.
enum LocalLayer {
    static func build(_ o: OptionReader, _ b: GraphBuilder) throws -> LayerOutput {
        let filters = o.int("filters", 1, atLeast: 1)
        let size = o.int("size", 1, atLeast: 1)
        let stride = o.int("stride", 1, atLeast: 1)
        let pad = o.int("pad", 0, atLeast: 0)
        let activation = o.activation(default: .logistic)
        if pad != 0 && size != 2 * pad + 1 {
            o.problem(.unsupported, key: "pad", "pad=\(pad) with size=\(size): Darknet's [local] is only consistent when size = 2·pad+1")
            throw LayerBuildFailure()
        }
        let x = try b.previousImage()
        let (c, h, w) = try b.chw(x)
        let outH = (h + 2 * pad - size) / stride + 1, outW = (w + 2 * pad - size) / stride + 1
        guard outH > 0, outW > 0 else { throw b.fail("input \(c)×\(h)×\(w) is too small for a \(size)×\(size) [local] kernel") }
        guard let locations = GraphBuilder.product([outH, outW]), let biasCount = GraphBuilder.product([filters, locations]),
              let patch = GraphBuilder.product([c, size, size]) else {
            throw b.fail("[local] of \(filters) filters of \(size)×\(size) on \(c)×\(h)×\(w) is too large")
        }
        let bias = try b.parameter("local.bias", [biasCount])
        let weight = try b.parameter("local.weight", [locations, filters, patch])
        let attrs = LocallyConnectedAttributes(outChannels: filters, kernel: size, stride: stride, pad: pad, activation: activation)
        return LayerOutput(tensor: try b.add("local", .locallyConnected(attrs), [x, weight, bias]))
    }
}
