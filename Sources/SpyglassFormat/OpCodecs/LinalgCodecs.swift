import SpyglassIR

/// matMul, convTranspose and the N-D pool.
extension OpCodecs {
    static let matMul = plain(.matMul, .matMul)

    static let convTranspose = OpCodec(kind: .convTranspose, encode: { op in
        guard case .convTranspose(let a) = op else { return [] }
        return [("out_channels", .int(a.outChannels)), ("kernel", .ints(a.kernel)), ("strides", .ints(a.strides)),
                ("dilations", .ints(a.dilations)), ("pads_begin", .ints(a.padsBegin)), ("pads_end", .ints(a.padsEnd)),
                ("groups", .int(a.groups))]
    }, decode: { r in
        .convTranspose(ConvTransposeAttributes(outChannels: try r.int("out_channels"), kernel: try r.ints("kernel"),
                                               strides: try r.ints("strides"), dilations: try r.ints("dilations"),
                                               padsBegin: try r.ints("pads_begin"), padsEnd: try r.ints("pads_end"),
                                               groups: try r.int("groups")))
    })

    static let pool = OpCodec(kind: .pool, encode: { op in
        guard case .pool(let a) = op else { return [] }
        return [("mode", .string(a.mode.rawValue)), ("kernel", .ints(a.kernel)), ("strides", .ints(a.strides)),
                ("dilations", .ints(a.dilations)), ("pads_begin", .ints(a.padsBegin)), ("pads_end", .ints(a.padsEnd)),
                ("ceil_mode", .bool(a.ceilMode)), ("count_include_pad", .bool(a.countIncludePad)),
                ("produces_indices", .bool(a.producesIndices)), ("column_major_indices", .bool(a.columnMajorIndices))]
    }, decode: { r in
        let name = try r.string("mode")
        guard let mode = PoolMode(rawValue: name) else {
            throw FormatError.invalidAttribute(file: r.file, node: r.node, attribute: "mode",
                                               message: "unknown mode '\(name)' (known: \(PoolMode.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return .pool(PoolAttributes(mode: mode, kernel: try r.ints("kernel"), strides: try r.ints("strides"),
                                    dilations: try r.ints("dilations"), padsBegin: try r.ints("pads_begin"),
                                    padsEnd: try r.ints("pads_end"), ceilMode: try r.bool("ceil_mode"),
                                    countIncludePad: try r.bool("count_include_pad"), producesIndices: try r.bool("produces_indices"),
                                    columnMajorIndices: try r.bool("column_major_indices")))
    })
}
