import SpyglassIR

/// `[connected]` (parse_connected): fullyConnected on the flattened previous output, giving [N, output, 1, 1].
/// With batch_normalize=1: fullyConnected without bias → batchNorm → activation.
enum ConnectedLayer {
    static func build(_ o: OptionReader, _ b: GraphBuilder) throws -> LayerOutput {
        let outputs = o.int("output", 1, atLeast: 1)
        let activation = o.activation(default: .logistic)
        let batchNormalize = o.bool("batch_normalize")
        let x = try b.previous()
        let inputs = b.shape(x).dropFirst().reduce(1, *)
        // Darknet's load order: biases, weights, [scales, rolling_mean, rolling_variance].
        let biasName = batchNormalize ? "bn.bias" : "fc.bias"
        let bias = try b.parameter(biasName, [outputs])
        let weight = try b.parameter("fc.weight", [outputs, inputs], layout: .transposedByHeader(rows: inputs, cols: outputs))
        guard batchNormalize else {
            let attrs = FullyConnectedAttributes(outputs: outputs, activation: activation)
            return LayerOutput(tensor: try b.add("fc", .fullyConnected(attrs), [x, weight, bias]))
        }
        let scale = try b.parameter("bn.scale", [outputs])
        let mean = try b.parameter("bn.mean", [outputs])
        let variance = try b.parameter("bn.variance", [outputs], fill: 1)
        let fc = try b.add("fc", .fullyConnected(FullyConnectedAttributes(outputs: outputs)), [x, weight])
        var out = try b.add("bn", .batchNorm(.darknet), [fc, scale, bias, mean, variance])
        if activation != .linear { out = try b.add("act", .activation(activation), [out]) }
        return LayerOutput(tensor: out)
    }
}
