import SpyglassIR

/// conv2d / fullyConnected / locallyConnected (with a following batchNorm and activation) → layers
/// with weights, written in Darknet's save order.
extension LayerEmitter {
    /// BN parameters (scale, bias, mean, variance) of a batchNorm directly after `tensor`, consumed.
    private func trailingBatchNorm(after tensor: String, channels: Int, owner: Node)
        throws -> (scale: [Float], bias: [Float], mean: [Float], variance: [Float], output: String)? {
        guard let (i, bn) = soleConsumer(of: tensor), case .batchNorm(let attrs) = bn.op, bn.inputs.first == tensor else { return nil }
        guard attrs == .darknet else {
            throw failure(bn, "batchNorm with epsilon \(attrs.epsilon) \(attrs.placement.rawValue) differs from Darknet's sqrt(var) + 0.000001")
        }
        guard bn.inputs.count == 5 else { throw failure(bn, "batchNorm needs scale, bias, mean and variance") }
        consumed.insert(i)
        let p = try (1...4).map { try constant(bn.inputs[$0], of: bn, expecting: [channels]) }
        return (p[0], p[1], p[2], p[3], bn.outputs[0])
    }

    /// The activation of a layer: fused in the op, or a following activation node (consumed).
    private func finalActivation(fused: Activation, after tensor: String) -> (Activation, String) {
        guard fused == .linear, let (i, a, out) = trailingActivation(after: tensor) else { return (fused, tensor) }
        consumed.insert(i)
        return (a, out)
    }

    func exportConvolution(_ node: Node, _ a: Conv2DAttributes) throws {
        guard a.kernelH == a.kernelW, a.strideH == a.strideW, a.dilationH == a.dilationW else {
            throw failure(node, "Darknet convolutions have square kernels, strides and dilations")
        }
        let p = a.padding
        guard p.top == p.left, p.top == p.bottom, p.top == p.right, p.top % a.dilationH == 0 else {
            throw failure(node, "Darknet convolutions pad all sides equally (by a multiple of the dilation), got \(p)")
        }
        let x = node.inputs[0]
        try makePrevious(x, for: node)
        guard let xs = shapes[x], xs.count == 4 else { throw failure(node, "input must be NCHW") }
        let k = a.kernelH, n = a.outChannels
        let weights = try constant(node.inputs[1], of: node, expecting: [n, xs[1] / a.groups, k, k])
        let bias = try node.inputs.count > 2 ? constant(node.inputs[2], of: node, expecting: [n]) : nil
        var out = node.outputs[0]
        let bn = try trailingBatchNorm(after: out, channels: n, owner: node)
        if bn != nil {
            guard bias == nil else { throw failure(node, "a biased convolution followed by batchNorm has no Darknet equivalent") }
            guard a.activation == .linear else { throw failure(node, "an activation before batchNorm has no Darknet equivalent") }
            out = bn?.output ?? out
        }
        let (activation, final) = finalActivation(fused: a.activation, after: out)

        var s = SectionDraft("convolutional")
        if bn != nil { s.set("batch_normalize", 1) }
        s.set("filters", n)
        s.set("size", k)
        s.set("stride", a.strideH)
        let padding = p.top / a.dilationH
        if padding == k / 2 { s.set("pad", 1) } else { s.set("padding", padding) }
        if a.groups != 1 { s.set("groups", a.groups) }
        if a.dilationH != 1 { s.set("dilation", a.dilationH) }
        let isFlipped = flipped.contains(node.name) && a.groups == 1
        if isFlipped { s.set("flipped", 1) }
        s.set("activation", activation.darknetName)
        if let bn {
            s.parameters = [bn.bias, bn.scale, bn.mean, bn.variance]
        } else {
            s.parameters = [bias ?? [Float](repeating: 0, count: n)]
        }
        s.parameters.append(isFlipped ? WeightsReader.transpose(weights, rows: n, cols: weights.count / max(n, 1)) : weights)
        emit(s, output: final)
    }

    func exportConnected(_ node: Node, _ a: FullyConnectedAttributes) throws {
        let x = node.inputs[0]
        try makePrevious(x, for: node)
        guard let xs = shapes[x], let outShape = shapes[node.outputs[0]], outShape.count == 4 else {
            throw failure(node, "Darknet connected layers produce [N, outputs, 1, 1]: the input must be rank 4")
        }
        let inputs = xs.dropFirst().reduce(1, *), n = a.outputs
        let weights = try constant(node.inputs[1], of: node, expecting: [n, inputs])
        let bias = try node.inputs.count > 2 ? constant(node.inputs[2], of: node, expecting: [n]) : nil
        var out = node.outputs[0]
        let bn = try trailingBatchNorm(after: out, channels: n, owner: node)
        if bn != nil {
            guard bias == nil else { throw failure(node, "a biased connected layer followed by batchNorm has no Darknet equivalent") }
            guard a.activation == .linear else { throw failure(node, "an activation before batchNorm has no Darknet equivalent") }
            out = bn?.output ?? out
        }
        let (activation, final) = finalActivation(fused: a.activation, after: out)
        var s = SectionDraft("connected")
        if bn != nil { s.set("batch_normalize", 1) }
        s.set("output", n)
        s.set("activation", activation.darknetName)
        let stored = header.transposesConnected ? WeightsReader.transpose(weights, rows: n, cols: inputs) : weights
        s.parameters = [bn?.bias ?? bias ?? [Float](repeating: 0, count: n), stored]
        if let bn { s.parameters += [bn.scale, bn.mean, bn.variance] }
        emit(s, output: final)
    }

    func exportLocal(_ node: Node, _ a: LocallyConnectedAttributes) throws {
        guard a.pad == 0 || a.kernel == 2 * a.pad + 1 else {
            throw failure(node, "Darknet's [local] pads either 0 or (size-1)/2 pixels, got pad \(a.pad) with size \(a.kernel)")
        }
        let x = node.inputs[0]
        try makePrevious(x, for: node)
        guard let out = shapes[node.outputs[0]], let xs = shapes[x], out.count == 4, xs.count == 4 else {
            throw failure(node, "input must be NCHW")
        }
        let locations = out[2] * out[3]
        let weights = try constant(node.inputs[1], of: node, expecting: [locations, a.outChannels, xs[1] * a.kernel * a.kernel])
        let bias = try constant(node.inputs[2], of: node, expecting: [a.outChannels * locations])
        let (activation, final) = finalActivation(fused: a.activation, after: node.outputs[0])
        var s = SectionDraft("local")
        s.set("filters", a.outChannels)
        s.set("size", a.kernel)
        s.set("stride", a.stride)
        s.set("pad", a.pad)
        s.set("activation", activation.darknetName)
        s.parameters = [bias, weights]
        emit(s, output: final)
    }
}
