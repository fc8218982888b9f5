import SpyglassIR

/// One arena-resident tensor: its size and the steps during which it must hold its value.
/// Step -1 is "before the first node" (graph inputs); `lastUse == .max` means kept to the end.
struct BufferLifetime {
    var name: String
    var count: Int
    var firstDef: Int
    var lastUse: Int

    func overlaps(_ other: BufferLifetime) -> Bool {
        firstDef <= other.lastUse && other.firstDef <= lastUse
    }
}

enum BufferLifetimes {
    /// Lifetimes of graph inputs and node outputs. Inputs and graph outputs live for the whole run;
    /// with `keepAll` every tensor does (no reuse).
    /// `count` is in 4-byte words, whatever the element type.
    /// A tensor living inside another's buffer (`aliases`) has no buffer of its own: its host's
    /// buffer lives from the first write to the last read of any tensor in it.
    static func compute(graph: Graph, shapes: [String: [Int]], types: [String: DType], keepAll: Bool,
                        aliases: BufferAliases = BufferAliases()) -> [BufferLifetime] {
        var lastUse: [String: Int] = [:]
        for (i, node) in graph.nodes.enumerated() {
            for t in node.inputs { lastUse[t] = i }
        }
        let kept = Set(graph.outputs).union(graph.inputs.map(\.name))
        var result: [BufferLifetime] = []
        var index: [String: Int] = [:]
        func add(_ name: String, def: Int) {
            let end = keepAll || kept.contains(name) ? Int.max : (lastUse[name] ?? def)
            let root = aliases.root(of: name).name
            if let i = index[root] {
                result[i].firstDef = min(result[i].firstDef, def)
                result[i].lastUse = max(result[i].lastUse, end, def)
                return
            }
            let bytes = (shapes[root].map(elementCount) ?? 0) * (types[root] ?? .float32).byteSize
            index[root] = result.count
            result.append(BufferLifetime(name: root, count: (bytes + 3) / 4, firstDef: def, lastUse: max(end, def)))
        }
        for input in graph.inputs { add(input.name, def: -1) }
        for (i, node) in graph.nodes.enumerated() {
            for o in node.outputs { add(o, def: keepAll ? -1 : i) }
        }
        return result
    }
}
