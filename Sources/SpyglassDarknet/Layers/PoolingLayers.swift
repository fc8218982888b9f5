import SpyglassIR

/// `[maxpool]` (parse_maxpool): size defaults to stride, padding (total) to size-1; Darknet starts the
/// window at -padding/2, so the top/left side gets padding/2 and the bottom/right the rest.
enum MaxPoolLayer {
    static func build(_ o: OptionReader, _ b: GraphBuilder) throws -> LayerOutput {
        let stride = o.int("stride", 1, atLeast: 1)
        let size = o.int("size", stride, atLeast: 1)
        let padding = o.int("padding", size - 1, atLeast: 0)
        let x = try b.previousImage()
        let pad = Padding2D(top: padding / 2, left: padding / 2, bottom: padding - padding / 2, right: padding - padding / 2)
        let attrs = Pool2DAttributes(kernelH: size, kernelW: size, strideH: stride, strideW: stride, padding: pad)
        return LayerOutput(tensor: try b.add("maxpool", .maxPool(attrs), [x]))
    }
}

/// `[avgpool]` (parse_avgpool): average over the whole spatial extent.
enum AvgPoolLayer {
    static func build(_ o: OptionReader, _ b: GraphBuilder) throws -> LayerOutput {
        let x = try b.previousImage()
        return LayerOutput(tensor: try b.add("avgpool", .globalAvgPool, [x]))
    }
}
