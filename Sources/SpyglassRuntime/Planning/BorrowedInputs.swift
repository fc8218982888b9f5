import SpyglassIR

/// Graph inputs the kernels read straight from the caller's tensor instead of a copy in the arena:
/// the copy is a single-threaded pass over the whole input (4.9 MB for a 640×640 image, ~0.4 ms)
/// before the first layer can start.
///
/// An input qualifies when it is float32 (a `Tensor` holds it as `[Float]`), is not also a graph
/// output, and nothing lives inside its buffer (no view of it: a view's readers would still read the
/// arena). Its readers' input pointers are set to the caller's array for the run.
struct BorrowedInputs {
    struct Input {
        /// Index in `graph.inputs`.
        let index: Int
        let name: String
        /// (node index, input slot) of every read.
        let readers: [(node: Int, slot: Int)]
    }

    let inputs: [Input]

    init() { inputs = [] }

    init(graph: Graph, types: [String: DType], aliases: BufferAliases) {
        var viewed = Set<String>()
        for name in aliases.aliased { viewed.insert(aliases.root(of: name).name) }
        let outputs = Set(graph.outputs)
        inputs = graph.inputs.enumerated().compactMap { index, input in
            guard types[input.name] == .float32, !outputs.contains(input.name), !viewed.contains(input.name) else { return nil }
            var readers: [(node: Int, slot: Int)] = []
            for (n, node) in graph.nodes.enumerated() {
                for (slot, name) in node.inputs.enumerated() where name == input.name { readers.append((n, slot)) }
            }
            return Input(index: index, name: input.name, readers: readers)
        }
    }

    func contains(_ name: String) -> Bool { inputs.contains { $0.name == name } }
}
