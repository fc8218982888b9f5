import SpyglassIR

/// Darknet's [local] without Unfold: a Conv with a constant one-hot kernel extracts the patches
/// (im2col: [N, C·k·k, L]), then one batched MatMul over the L output locations applies each
/// location's own weights [L, O, C·k·k]; the per-element bias [O·L] is added last.
enum LocallyConnectedExport {
    static func emit(_ a: LocallyConnectedAttributes, _ s: NodeScope) throws {
        let xs = s.inputShape(0), out = s.outputShape
        guard xs.count == 4, out.count == 4 else { throw s.fail("needs NCHW input and output, got \(xs) → \(out)") }
        let (n, c, k) = (xs[0], xs[1], a.kernel)
        let patch = c * k * k, locations = out[2] * out[3]
        var oneHot = [Float](repeating: 0, count: patch * patch)
        for row in 0..<patch { oneHot[row * patch + row] = 1 }  // row (c·k + ky)·k + kx picks x[c, ky, kx]
        let kernel = s.floats(oneHot, dims: [patch, c, k, k], step: "im2col_kernel")
        let cols = s.emit("Conv", [try s.input(0), kernel], [
            "kernel_shape": .ints([Int64(k), Int64(k)]), "strides": .ints([Int64(a.stride), Int64(a.stride)]),
            "pads": .ints(Array(repeating: Int64(a.pad), count: 4)),
        ], step: "im2col")
        let flat = s.reshape(cols, to: [n, patch, locations], step: "patches")
        let byLocation = s.emit("Transpose", [flat], ["perm": .ints([2, 1, 0])], step: "patches_by_location")  // [L, K, N]
        let products = s.emit("MatMul", [try s.input(1), byLocation], step: "matmul")  // [L, O, N]
        let nol = s.emit("Transpose", [products], ["perm": .ints([2, 1, 0])], step: "outputs")  // [N, O, L]
        let bias = try s.input(2, reshapedTo: [1, a.outChannels, locations], step: "bias")
        let sum = s.emit("Add", [nol, bias], step: "bias_add")
        let last = a.activation == .linear
        let y = s.reshape(sum, to: out, step: "reshape", final: last)
        if !last { _ = ActivationExport.emit(a.activation, y, s, final: true) }
    }
}
