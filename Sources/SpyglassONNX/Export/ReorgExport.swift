import SpyglassIR

/// Darknet's reorg (see ReferenceReorg): with outC = C/s², the input's flat buffer read as
/// [outC, H·s, W·s] is split into [outC, H, s(dy), W, s(dx)]; output channel (dy·s + dx)·outC + c2
/// at (j, i) takes element (c2, j·s + dy, i·s + dx). The result's flat buffer is then read in the
/// output shape. `reverse` is the inverse permutation.
enum ReorgExport {
    static func emit(_ a: ReorgAttributes, _ s: NodeScope) throws {
        let shape = s.inputShape(0)
        guard shape.count == 4 else { throw s.fail("needs an NCHW input, got \(shape)") }
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let st = a.stride, s2 = st * st
        guard st > 0, c % s2 == 0 else { throw s.fail("channels \(c) are not divisible by stride² \(s2), which Darknet's reorg needs") }
        let outC = c / s2
        let x = try s.input(0)
        let split: String, permuted: String
        if a.reverse {
            split = s.reshape(x, to: [n, st, st, outC, h, w], step: "split")
            permuted = s.emit("Transpose", [split], ["perm": .ints([0, 3, 4, 1, 5, 2])], step: "permute")
        } else {
            split = s.reshape(x, to: [n, outC, h, st, w, st], step: "split")
            permuted = s.emit("Transpose", [split], ["perm": .ints([0, 3, 5, 1, 2, 4])], step: "permute")
        }
        s.reshape(permuted, to: s.outputShape, step: "reshape", final: true)
    }
}
