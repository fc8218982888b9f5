import SpyglassIR

/// `[upsample]` (parse_upsample): nearest-neighbour by `stride`, times `scale`.
enum UpsampleLayer {
    static func build(_ o: OptionReader, _ b: GraphBuilder) throws -> LayerOutput {
        let stride = o.int("stride", 2)
        let scale = o.float("scale", 1)
        if stride < 0 {
            o.problem(.unsupported, key: "stride", "stride=\(stride) (downsampling [upsample]) is not supported")
            throw LayerBuildFailure()
        }
        if stride == 0 {
            o.problem(.badValue, key: "stride", "stride must not be 0")
            throw LayerBuildFailure()
        }
        let x = try b.previousImage()
        return LayerOutput(tensor: try b.add("upsample", .upsample(UpsampleAttributes(factor: stride, multiplier: scale)), [x]))
    }
}
