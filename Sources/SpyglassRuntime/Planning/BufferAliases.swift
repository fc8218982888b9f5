import SpyglassIR

/// Tensors that live inside another tensor's buffer instead of being copied into it (memory planning).
///
/// - A channel slice whose leading dims are 1, a reshape, an identity or a dropout is a *view*: its
///   output is one contiguous range of its input, so it is the input's memory at an offset.
/// - A concat whose leading dims are 1 is laid out first and each input's producer writes straight
///   into its range of the concat's output, when that is safe (see `placeInputs`).
///
/// Every tensor written once is never written again, so sharing memory is safe as long as two
/// different values never occupy the same range of one buffer: each placement below checks that.
/// The group of tensors sharing one buffer must live, as a whole, from its first write to its last read
/// (`BufferLifetimes.compute` merges their lifetimes).
struct BufferAliases {
    /// A tensor's direct host: the tensor whose buffer it lives in, and where (in 4-byte words).
    private(set) var host: [String: (name: String, offset: Int)] = [:]
    /// Nodes that copy nothing: every output is a view of its input, or every input was written in place.
    private(set) var viewNodes: Set<Int> = []

    /// No aliasing (the reference path, or when disabled).
    init() {}

    init(graph: Graph, shapes: [String: [Int]], types: [String: DType]) {
        let graphInputs = Set(graph.inputs.map(\.name)), graphOutputs = Set(graph.outputs)
        var producer: [String: Int] = [:]
        for (i, node) in graph.nodes.enumerated() { for o in node.outputs { producer[o] = i } }

        /// Size in 4-byte words, when the tensor can share memory (arena-resident, word-sized elements).
        func words(_ name: String) -> Int? {
            guard graph.constants[name] == nil, let shape = shapes[name], let dtype = types[name],
                  dtype.byteSize % 4 == 0 else { return nil }
            return elementCount(shape) * dtype.byteSize / 4
        }
        /// A buffer that may move into a concat's output: written by exactly one node of this plan
        /// (not loaded from outside, not read by the caller), whose size is fixed at plan time.
        func movable(_ root: String) -> Bool {
            guard host[root] == nil, !graphInputs.contains(root), !graphOutputs.contains(root),
                  let p = producer[root], !graph.nodes[p].op.hasDataDependentOutputShape else { return false }
            return words(root) != nil
        }

        for (index, node) in graph.nodes.enumerated() {
            switch node.op {
            case .slice(let a):
                guard let input = node.inputs.first, let output = node.outputs.first, let shape = shapes[input],
                      words(input) != nil, let outWords = words(output), types[input] == types[output],
                      shape[..<a.axis].allSatisfy({ $0 == 1 }) else { continue }
                let wordsPerIndex = shape[(a.axis + 1)...].reduce(1, *) * (types[input]?.byteSize ?? 4) / 4
                guard outWords == (a.end - a.start) * wordsPerIndex else { continue }
                host[output] = (input, a.start * wordsPerIndex)
                viewNodes.insert(index)
            case .reshape, .identity, .dropout:
                guard node.inputs.count >= 1, node.outputs.count == 1, let size = words(node.inputs[0]),
                      words(node.outputs[0]) == size, types[node.inputs[0]] == types[node.outputs[0]] else { continue }
                host[node.outputs[0]] = (node.inputs[0], 0)
                viewNodes.insert(index)
            case .concat(let a):
                guard let output = node.outputs.first else { continue }
                let moves = placements(for: node, axis: a.axis, shapes: shapes, types: types, words: words, movable: movable)
                for move in moves { host[move.root] = (output, move.offset) }
                if node.inputs.allSatisfy({ root(of: $0).name == output }) { viewNodes.insert(index) }
            default:
                continue
            }
        }
    }

    /// Every tensor that lives in another's buffer.
    var aliased: Dictionary<String, (name: String, offset: Int)>.Keys { host.keys }

    /// The buffer `name` finally lives in (a tensor with no host) and its offset there, in words.
    func root(of name: String) -> (name: String, offset: Int) {
        var current = (name: name, offset: 0)
        while let h = host[current.name] { current = (h.name, current.offset + h.offset) }
        return current
    }

    /// The buffers behind a batch-1 concat's inputs that can move into the concat's output, and where.
    ///
    /// An input's buffer R (found through any views, e.g. the source of a channel slice) moves so that
    /// the input lands on its range, only if R is `movable`, every input resolving to R asks for the
    /// same position (not e.g. the same tensor concatenated twice), R fits inside the output, and
    /// every range of the output that R covers belongs to an input resolving to R at that position
    /// (so nothing the concat copies in, and no other buffer, overwrites R).
    private func placements(for node: Node, axis: Int, shapes: [String: [Int]], types: [String: DType],
                            words: (String) -> Int?, movable: (String) -> Bool) -> [(root: String, offset: Int)] {
        guard let output = node.outputs.first, let total = words(output), let shape = shapes[output],
              axis < shape.count, shape[..<axis].allSatisfy({ $0 == 1 }) else { return [] }
        var ranges: [(root: String, placement: Int, start: Int, end: Int)] = []
        var start = 0
        for input in node.inputs {
            guard let size = words(input), types[input] == types[output] else { return [] }
            let r = root(of: input)
            ranges.append((r.name, start - r.offset, start, start + size))
            start += size
        }
        guard start == total else { return [] }
        var decided: Set<String> = [], moves: [(root: String, offset: Int)] = []
        for candidate in ranges where !decided.contains(candidate.root) {
            decided.insert(candidate.root)
            let r = candidate.root, p = candidate.placement
            guard r != output, movable(r), let size = words(r), p >= 0, p + size <= total else { continue }
            let consistent = ranges.allSatisfy { range in
                let overlaps = range.start < p + size && p < range.end
                let isR = range.root == r
                return isR ? range.placement == p && range.start >= p && range.end <= p + size : !overlaps
            }
            if consistent { moves.append((r, p)) }
        }
        return moves
    }
}
