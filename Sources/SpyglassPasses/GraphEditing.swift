import SpyglassIR

/// Small graph edits shared by the passes.
extension Graph {
    func isOutput(_ tensor: String) -> Bool { outputs.contains(tensor) }

    /// Every name in use: inputs, constants, node outputs and node names.
    var usedNames: Set<String> {
        var names = Set(inputs.map(\.name)).union(constants.keys)
        for n in nodes { names.insert(n.name); names.formUnion(n.outputs) }
        return names
    }

    /// `base` if unused, else `base_1`, `base_2` …
    func freshName(_ base: String, avoiding taken: Set<String>) -> String {
        if !taken.contains(base) { return base }
        var i = 1
        while taken.contains("\(base)_\(i)") { i += 1 }
        return "\(base)_\(i)"
    }

    /// Replaces reads of `old` by reads of `new` in every node and in the graph outputs.
    mutating func redirectReads(of old: String, to new: String) {
        for i in nodes.indices {
            nodes[i].inputs = nodes[i].inputs.map { $0 == old ? new : $0 }
        }
        outputs = outputs.map { $0 == old ? new : $0 }
    }

    /// Renames tensor `old` to `new` everywhere: the producer's output, every reader, graph outputs.
    mutating func renameTensor(_ old: String, to new: String) {
        for i in nodes.indices {
            nodes[i].outputs = nodes[i].outputs.map { $0 == old ? new : $0 }
        }
        redirectReads(of: old, to: new)
    }

    /// Drops constants (all, or only those in `candidates`) that no node reads and no graph output
    /// names; returns their names, sorted.
    @discardableResult
    mutating func removeUnusedConstants(among candidates: Set<String>? = nil) -> [String] {
        var used = Set(outputs)
        for n in nodes { used.formUnion(n.inputs) }
        let unused = constants.keys.filter { !used.contains($0) && (candidates?.contains($0) ?? true) }.sorted()
        for name in unused { constants[name] = nil }
        return unused
    }

    /// Float32 values of a constant, or nil if `name` is not a float32 constant.
    func floatConstant(_ name: String) -> [Float]? {
        guard let c = constants[name], c.type.dtype == .float32, c.storage.bytes.count == c.elementCount * 4 else { return nil }
        return c.floatArray
    }
}
