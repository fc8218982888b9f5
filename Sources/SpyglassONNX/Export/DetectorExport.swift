import SpyglassIR

/// The typed detector outputs as standard ops. Each exported tensor equals the IR op's output
/// element for element, and keeps the IR node and output names, so a plugin decodes ONNX Runtime's
/// outputs exactly as it decodes Spyglass's (the attributes travel in the model metadata).
enum DetectorExport {
    /// [yolo]: logistic on every entry of each anchor's (5 + classes) except w, h (entries 2, 3).
    static func yolo(_ a: YoloAttributes, _ s: NodeScope) throws {
        let shape = s.inputShape(0)
        guard shape.count == 4 else { throw s.fail("needs an NCHW input, got \(shape)") }
        let per = 5 + a.classes
        let mask = (0..<shape[1]).map { c -> Bool in let e = c % per; return e != 2 && e != 3 }
        try logisticWhere(mask, s, final: true)
    }

    /// [region]: logistic on x, y and (unless background) objectness; classes softmaxed across
    /// entries at each cell, or logistic when softmax is off.
    static func region(_ a: RegionAttributes, _ s: NodeScope) throws {
        let shape = s.inputShape(0)
        guard shape.count == 4 else { throw s.fail("needs an NCHW input, got \(shape)") }
        let per = a.coords + 1 + a.classes
        guard a.coords >= 2, a.num > 0, shape[1] == a.num * per else { throw s.fail("channels \(shape[1]) do not match num × (coords + 1 + classes)") }
        let mask = (0..<shape[1]).map { c -> Bool in
            let e = c % per
            return e < 2 || (e == a.coords && !a.background) || (!a.softmax && e > a.coords)
        }
        let logistic = try logisticWhere(mask, s, final: !a.softmax)
        guard a.softmax else { return }
        let (n, h, w) = (shape[0], shape[2], shape[3])
        let first = a.coords + (a.background ? 0 : 1)
        let grouped = [n, a.num, per, h * w]
        let head = s.slice(s.reshape(logistic, to: grouped, step: "anchors"), starts: [0], ends: [first], axes: [2], step: "head")
        let raw = s.reshape(try s.input(0), to: grouped, step: "raw_anchors")
        let scores = s.slice(raw, starts: [first], ends: [per], axes: [2], step: "class_scores")
        let probs = s.emit("Softmax", [scores], ["axis": .int(2)], step: "class_softmax")
        let joined = s.emit("Concat", [head, probs], ["axis": .int(2)], step: "join")
        s.reshape(joined, to: shape, step: "reshape", final: true)
    }

    /// [detection]: a copy; with softmax, each of the side² blocks of class scores at the start is softmaxed.
    static func detection(_ a: DetectionAttributes, _ s: NodeScope) throws {
        let shape = s.inputShape(0)
        guard let n = shape.first else { throw s.fail("input has no batch dimension") }
        let x = try s.input(0)
        guard a.softmax else { s.emit("Identity", [x], step: "copy", final: true); return }
        let total = shape.dropFirst().reduce(1, *), cells = a.side * a.side, classScores = cells * a.classes
        guard classScores <= total else { throw s.fail("side² × classes = \(classScores) exceeds the \(total) inputs") }
        let flat = s.reshape(x, to: [n, total], step: "flat")
        let scores = s.reshape(s.slice(flat, starts: [0], ends: [classScores], axes: [1], step: "class_scores"),
                               to: [n, cells, a.classes], step: "class_blocks")
        let probs = s.reshape(s.emit("Softmax", [scores], ["axis": .int(2)], step: "class_softmax"), to: [n, classScores], step: "class_probs")
        var parts = [probs]
        if classScores < total { parts.append(s.slice(flat, starts: [classScores], ends: [total], axes: [1], step: "boxes")) }
        let joined = parts.count == 1 ? probs : s.emit("Concat", parts, ["axis": .int(1)], step: "join")
        s.reshape(joined, to: shape, step: "reshape", final: true)
    }

    /// Where(channel mask, σ(x), x): the logistic on the masked channels only.
    @discardableResult
    private static func logisticWhere(_ mask: [Bool], _ s: NodeScope, final: Bool) throws -> String {
        let x = try s.input(0)
        let sig = s.emit("Sigmoid", [x], step: "logistic")
        let m = s.bools(mask, dims: [1, mask.count, 1, 1], step: "logistic_channels")
        return s.emit("Where", [m, sig, x], step: "select", final: final)
    }
}
