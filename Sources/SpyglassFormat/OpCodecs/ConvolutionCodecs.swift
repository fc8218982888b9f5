import SpyglassIR

extension OpCodecs {
    static let conv2d = OpCodec(kind: .conv2d, encode: { op in
        guard case .conv2d(let a) = op else { return [] }
        return [("out_channels", .int(a.outChannels)),
                ("kernel_h", .int(a.kernelH)), ("kernel_w", .int(a.kernelW)),
                ("stride_h", .int(a.strideH)), ("stride_w", .int(a.strideW)),
                ("dilation_h", .int(a.dilationH)), ("dilation_w", .int(a.dilationW)),
                ("padding", .padding(a.padding)), ("groups", .int(a.groups)),
                ("activation", .string(a.activation.rawValue))]
    }, decode: { r in
        .conv2d(Conv2DAttributes(
            outChannels: try r.int("out_channels"), kernelH: try r.int("kernel_h"), kernelW: try r.int("kernel_w"),
            strideH: try r.int("stride_h"), strideW: try r.int("stride_w"),
            dilationH: try r.int("dilation_h"), dilationW: try r.int("dilation_w"),
            padding: try r.padding(), groups: try r.int("groups"), activation: try r.activation()))
    })

    static let fullyConnected = OpCodec(kind: .fullyConnected, encode: { op in
        guard case .fullyConnected(let a) = op else { return [] }
        return [("outputs", .int(a.outputs)), ("activation", .string(a.activation.rawValue))]
    }, decode: { r in
        .fullyConnected(FullyConnectedAttributes(outputs: try r.int("outputs"), activation: try r.activation()))
    })

    static let locallyConnected = OpCodec(kind: .locallyConnected, encode: { op in
        guard case .locallyConnected(let a) = op else { return [] }
        return [("out_channels", .int(a.outChannels)), ("kernel", .int(a.kernel)), ("stride", .int(a.stride)),
                ("pad", .int(a.pad)), ("activation", .string(a.activation.rawValue))]
    }, decode: { r in
        .locallyConnected(LocallyConnectedAttributes(
            outChannels: try r.int("out_channels"), kernel: try r.int("kernel"), stride: try r.int("stride"),
            pad: try r.int("pad"), activation: try r.activation()))
    })
}
