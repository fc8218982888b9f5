import SpyglassIR

/// Makes the named tensors the graph's outputs and removes everything they do not need
/// (e.g. cut a detector to one scale, or drop the head to expose backbone features).
public struct KeepOutputs: GraphPass {
    public let name = "keep-outputs"
    public let names: [String]

    public init(_ names: [String]) { self.names = names }

    public func run(on graph: inout Graph) throws -> PassReport {
        guard !names.isEmpty else { throw PassError.emptyOutputs }
        var known = Set(graph.inputs.map(\.name)).union(graph.constants.keys)
        for n in graph.nodes { known.formUnion(n.outputs) }
        let unknown = names.filter { !known.contains($0) }
        if !unknown.isEmpty {
            throw PassError.unknownTensors(names: unknown, closeMatches: CloseMatches.find(unknown, in: known))
        }
        var seen = Set<String>()
        let outputs = names.filter { seen.insert($0).inserted }
        var details: [String] = []
        let outputsChanged = outputs != graph.outputs
        if outputsChanged { details.append("outputs are now \(outputs.joined(separator: ", ")) (were \(graph.outputs.joined(separator: ", ")))") }
        graph.outputs = outputs
        let pruned = try DeadNodeElimination().run(on: &graph)
        details += pruned.details
        return PassReport(pass: name, changed: outputsChanged || pruned.changed, details: details)
    }
}

/// Names close to a mistyped one: edit distance within a third of its length, or containing it.
enum CloseMatches {
    static func find(_ wanted: [String], in known: Set<String>, limit: Int = 5) -> [String] {
        var matches: [String] = []
        for w in wanted {
            let scored = known.compactMap { k -> (String, Int)? in
                let d = distance(w, k)
                return d <= max(2, w.count / 3) || (w.count >= 3 && k.contains(w)) ? (k, d) : nil
            }
            matches += scored.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(limit).map(\.0)
        }
        var seen = Set<String>()
        return matches.filter { seen.insert($0).inserted }
    }

    /// Levenshtein distance.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
