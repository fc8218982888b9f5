import SpyglassIR

/// `[softmax]` (parse_softmax): softmax over each of `groups` equal contiguous groups, with a temperature.
enum SoftmaxLayer {
    static func build(_ o: OptionReader, _ b: GraphBuilder) throws -> LayerOutput {
        let groups = o.int("groups", 1, atLeast: 1)
        let temperature = o.float("temperature", 1)
        o.unsupported("tree", "softmax tree not supported yet")
        o.unsupportedIfSet("spatial", "spatial softmax is not supported")
        o.ignore(["noloss"])
        let x = try b.previous()
        let attrs = SoftmaxAttributes(axis: 1, groups: groups, temperature: temperature)
        return LayerOutput(tensor: try b.add("softmax", .softmax(attrs), [x]), isImage: false)
    }
}
