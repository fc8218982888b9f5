import SpyglassIR

/// Weightless ops → Darknet layers.
extension LayerEmitter {
    func exportMaxPool(_ node: Node, _ a: Pool2DAttributes) throws {
        let p = a.padding, total = p.top + p.bottom
        guard a.kernelH == a.kernelW, a.strideH == a.strideW, p.left == p.top, p.right == p.bottom, p.top == total / 2 else {
            throw failure(node, "Darknet's [maxpool] has a square window and pads padding/2 before, the rest after; got \(p)")
        }
        try makePrevious(node.inputs[0], for: node)
        var s = SectionDraft("maxpool")
        s.set("size", a.kernelH)
        s.set("stride", a.strideH)
        if total != a.kernelH - 1 { s.set("padding", total) }
        emit(s, output: node.outputs[0])
    }

    func exportSingleInput(_ node: Node, _ section: SectionDraft) throws {
        try makePrevious(node.inputs[0], for: node)
        emit(section, output: node.outputs[0])
    }

    /// shortcut, or add (a shortcut with alpha = beta = 1), with a following activation folded in.
    func exportShortcut(_ node: Node, _ a: ShortcutAttributes) throws {
        guard node.inputs.count == 2 else { throw failure(node, "needs two inputs") }
        try makePrevious(node.inputs[0], for: node)
        let from = try reference(node.inputs[1], for: node)
        var activation = a.activation, out = node.outputs[0]
        if activation == .linear, let (i, act, o) = trailingActivation(after: out) {
            consumed.insert(i); activation = act; out = o
        }
        var s = SectionDraft("shortcut")
        s.set("from", from)
        if a.alpha != 1 { s.set("alpha", a.alpha) }
        if a.beta != 1 { s.set("beta", a.beta) }
        s.set("activation", activation.darknetName)
        emit(s, output: out)
    }

    func exportConcat(_ node: Node, _ a: ConcatAttributes) throws {
        guard a.axis == 1, node.inputs.allSatisfy({ shapes[$0]?.count == 4 }) else {
            throw failure(node, "Darknet's [route] concatenates NCHW tensors along channels only")
        }
        var s = SectionDraft("route")
        s.set("layers", try node.inputs.map { try reference($0, for: node) })
        emit(s, output: node.outputs[0])
    }

    /// A channel slice that is one of `groups` equal parts: the fork's `[route] groups= group_id=`.
    func exportSlice(_ node: Node, _ a: SliceAttributes) throws {
        let source = node.inputs[0]
        guard a.axis == 1, let s = shapes[source], s.count == 4 else { throw failure(node, "only channel slices can be written as [route] groups") }
        let width = a.end - a.start
        guard width > 0, s[1] % width == 0, a.start % width == 0 else {
            throw failure(node, "slice \(a.start)..<\(a.end) of \(s[1]) channels is not one of equal channel groups")
        }
        var r = SectionDraft("route")
        r.set("layers", [try reference(source, for: node)])
        r.set("groups", s[1] / width)
        r.set("group_id", a.start / width)
        emit(r, output: node.outputs[0])
    }

    /// identity: no layer when it continues from the previous layer, else a single-layer `[route]`.
    func exportIdentity(_ node: Node) throws {
        let x = node.inputs[0]
        if x == current {
            alias(node.outputs[0], to: x)
            return
        }
        var s = SectionDraft("route")
        s.set("layers", [try reference(x, for: node)])
        emit(s, output: node.outputs[0])
    }

    func exportDropout(_ node: Node, probability: Float) throws {
        let x = node.inputs[0]
        guard x == current, !sections.isEmpty else { alias(node.outputs[0], to: x); return }
        var s = SectionDraft("dropout")
        s.set("probability", probability)
        emit(s, output: node.outputs[0])
    }

    func exportDetector(_ node: Node) throws {
        let net = (width: shapes[graph.inputs.first?.name ?? ""]?[3] ?? 0, height: shapes[graph.inputs.first?.name ?? ""]?[2] ?? 0)
        func checkSize(_ w: Int, _ h: Int) throws {
            guard w == net.width, h == net.height else {
                throw failure(node, "network size \(w)×\(h) in the op differs from the input \(net.width)×\(net.height); Darknet takes it from [net]")
            }
        }
        var s: SectionDraft
        switch node.op {
        case .yolo(let a):
            try checkSize(a.networkWidth, a.networkHeight)
            s = SectionDraft("yolo")
            s.set("mask", a.mask)
            s.set("anchors", a.anchors)
            s.set("classes", a.classes)
            s.set("num", a.anchors.count / 2)
        case .region(let a):
            try checkSize(a.networkWidth, a.networkHeight)
            s = SectionDraft("region")
            s.set("anchors", a.anchors)
            s.set("bias_match", a.biasMatch ? 1 : 0)
            s.set("classes", a.classes)
            s.set("coords", a.coords)
            s.set("num", a.num)
            s.set("softmax", a.softmax ? 1 : 0)
            if a.background { s.set("background", 1) }
        case .detection(let a):
            try checkSize(a.networkWidth, a.networkHeight)
            s = SectionDraft("detection")
            s.set("classes", a.classes)
            s.set("coords", a.coords)
            s.set("side", a.side)
            s.set("num", a.num)
            s.set("softmax", a.softmax ? 1 : 0)
            s.set("sqrt", a.sqrt ? 1 : 0)
        default:
            throw failure(node, "not a detector output")
        }
        try exportSingleInput(node, s)
    }
}
