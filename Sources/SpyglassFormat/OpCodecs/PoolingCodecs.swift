import SpyglassIR

extension OpCodecs {
    static let maxPool = pool(.maxPool, Op.maxPool)
    static let avgPool = pool(.avgPool, Op.avgPool)
    static let globalAvgPool = plain(.globalAvgPool, .globalAvgPool)

    private static func pool(_ kind: OpKind, _ make: @escaping (Pool2DAttributes) -> Op) -> OpCodec {
        OpCodec(kind: kind, encode: { op in
            let attributes: Pool2DAttributes
            switch op {
            case .maxPool(let a), .avgPool(let a): attributes = a
            default: return []
            }
            return [("kernel_h", .int(attributes.kernelH)), ("kernel_w", .int(attributes.kernelW)),
                    ("stride_h", .int(attributes.strideH)), ("stride_w", .int(attributes.strideW)),
                    ("padding", .padding(attributes.padding)), ("count_include_pad", .bool(attributes.countIncludePad))]
        }, decode: { r in
            make(Pool2DAttributes(kernelH: try r.int("kernel_h"), kernelW: try r.int("kernel_w"),
                                  strideH: try r.int("stride_h"), strideW: try r.int("stride_w"),
                                  padding: try r.padding(), countIncludePad: try r.bool("count_include_pad")))
        })
    }
}
