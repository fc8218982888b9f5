import SpyglassIR

/// `[reorg]` (parse_reorg): Darknet's space-to-depth; `reverse` undoes it.
enum ReorgLayer {
    static func build(_ o: OptionReader, _ b: GraphBuilder) throws -> LayerOutput {
        let stride = o.int("stride", 1, atLeast: 1)
        let reverse = o.bool("reverse")
        o.unsupportedIfSet("flatten", "[reorg] flatten is not supported")
        o.unsupportedIfSet("extra", "[reorg] extra is not supported")
        let x = try b.previousImage()
        return LayerOutput(tensor: try b.add("reorg", .reorg(ReorgAttributes(stride: stride, reverse: reverse)), [x]))
    }
}
