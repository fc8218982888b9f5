import SpyglassIR

/// Darknet's shortcut_cpu as ONNX. out = x, then over k < min(C), j < min(H), i < min(W):
/// out[k, j·sample, i·sample] = α·out + β·from[k, j·stride, i·stride]; then the activation.
/// `from` is sliced (strided) to the overlap, spread onto x's grid by zero padding, and added;
/// α only touches the overlapping cells, through a constant per-cell mask.
enum ShortcutExport {
    static func emit(_ a: ShortcutAttributes, _ s: NodeScope) throws {
        let xs = s.inputShape(0), fs = s.inputShape(1)
        guard xs.count == 4, fs.count == 4, xs[0] == fs[0], xs[3] > 0, fs[3] > 0 else {
            throw s.fail("needs two NCHW inputs with the same batch, got \(xs) and \(fs)")
        }
        let x = try s.input(0), from = try s.input(1)
        if xs == fs && a.alpha == 1 && a.beta == 1 {
            ActivationExport.withActivation(a.activation, s) { final in s.emit("Add", [x, from], step: "add", final: final) }
            return
        }
        let (n, c, h, w) = (xs[0], xs[1], xs[2], xs[3])
        let stride = max(fs[3] / w, 1), sample = max(w / fs[3], 1)
        let minC = min(c, fs[1]), minH = min(h, fs[2]), minW = min(w, fs[3])

        var f = from
        if [fs[1], fs[2], fs[3]] != [minC, minH, minW] {
            f = s.slice(f, starts: [0, 0, 0], ends: [minC, (minH - 1) * stride + 1, (minW - 1) * stride + 1],
                        axes: [1, 2, 3], steps: [1, stride, stride], step: "from_overlap")
        }
        if a.beta != 1 { f = s.emit("Mul", [f, s.builder.scalar(a.beta)], step: "beta") }
        if sample > 1 {
            // Spread onto every sample-th cell: [N,C,H,1,W,1] → pad to [N,C,H,s,W,s] → [N,C,H·s,W·s].
            f = s.reshape(f, to: [n, minC, minH, 1, minW, 1], step: "spread_split")
            f = s.pad(f, begins: [0, 0, 0, 0, 0, 0], ends: [0, 0, 0, sample - 1, 0, sample - 1], step: "spread_pad")
            f = s.reshape(f, to: [n, minC, minH * sample, minW * sample], step: "spread")
        }
        let placed = [minC, minH * sample, minW * sample]
        if placed != [c, h, w] {
            f = s.pad(f, begins: [0, 0, 0, 0], ends: [0, c - placed[0], h - placed[1], w - placed[2]], step: "place")
        }
        var scaledX = x
        if a.alpha != 1 {
            let coversAll = placed == [c, h, w] && sample == 1
            let mask = coversAll ? s.builder.scalar(a.alpha) : alphaMask(a.alpha, c: c, h: h, w: w, minC: minC, minH: minH, minW: minW, sample: sample, s)
            scaledX = s.emit("Mul", [x, mask], step: "alpha")
        }
        ActivationExport.withActivation(a.activation, s) { final in s.emit("Add", [scaledX, f], step: "add", final: final) }
    }

    /// [1, C, H, W]: α where Darknet updates a cell, 1 where it leaves x alone.
    private static func alphaMask(_ alpha: Float, c: Int, h: Int, w: Int, minC: Int, minH: Int, minW: Int, sample: Int,
                                  _ s: NodeScope) -> String {
        var values = [Float](repeating: 1, count: c * h * w)
        for k in 0..<minC {
            for j in 0..<minH {
                for i in 0..<minW { values[(k * h + j * sample) * w + i * sample] = alpha }
            }
        }
        return s.floats(values, dims: [1, c, h, w], step: "alpha_mask")
    }
}
