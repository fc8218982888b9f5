import SpyglassIR

/// Splits a single-input detector graph into backbone, neck and head from its structure alone
/// (no layer names, no family knowledge beyond "a head ends in a few weighted layers").
///
/// The rule, in graph terms (a "weighted" node is conv2d / fullyConnected / locallyConnected; a node
/// is "plain" when it reads one non-constant tensor and its output feeds exactly one node):
/// 1. **Head** of each detector output op: the op, then walking back through plain nodes up to and
///    including the `headWeightedLayers`-th weighted node (YOLO: the 3×3 feature conv and the 1×1
///    prediction conv, with their batch-norm/activation nodes). The walk stops early at a branch
///    point (a tensor read by several nodes) or a merge (a node reading several tensors).
/// 2. **Trunk**: the longest prefix of the node list, outside the heads, in which every node reads
///    the output of the node just before it — the feature extractor's straight path, which ends at
///    the first route/upsample jump or head.
/// 3. If the trunk *ends* in a fork feeding the rest of the network (a node read by a later, non-trunk
///    node, with nothing after it in the trunk feeding the trunk again — YOLOv3's layer 79, SPP's
///    layer 77), the run of convolution nodes (conv2d/batchNorm/biasAdd/activation) leading into that
///    fork, the fork itself and anything after it belong to the neck: they are the detector's conv set,
///    not feature extraction. The trunk stops before them (YOLOv3: after darknet53's last shortcut, 74).
/// 4. **Backbone** = the trunk; **neck** = every other node that is not in a head.
public enum GraphPartition {
    public static func parts(of graph: Graph, detectorOutputs: [Int], headWeightedLayers: Int = 2) -> GraphParts {
        let nodes = graph.nodes
        let producers = graph.producers
        let consumers = graph.consumers
        let graphOutputs = Set(graph.outputs)
        func dataInputs(_ i: Int) -> [String] { nodes[i].inputs.filter { graph.constants[$0] == nil } }
        func readers(_ i: Int) -> [Int] { nodes[i].outputs.flatMap { consumers[$0] ?? [] } }

        // 1. heads
        var head = Set<Int>()
        for d in detectorOutputs where nodes.indices.contains(d) {
            head.insert(d)
            var current = d
            var weighted = 0
            while weighted < headWeightedLayers {
                let ins = dataInputs(current)
                guard ins.count == 1, let p = producers[ins[0]], !head.contains(p) else { break }
                let plain = nodes[p].outputs.count == 1 && readers(p).count == 1
                    && !graphOutputs.contains(nodes[p].outputs[0]) && dataInputs(p).count == 1
                guard plain else { break }
                head.insert(p)
                if isWeighted(nodes[p].op) { weighted += 1 }
                current = p
            }
        }

        // 2. trunk
        var trunkEnd = 0  // exclusive
        for i in nodes.indices {
            guard !head.contains(i) else { break }
            let reads = Set(dataInputs(i))
            let continues = i == 0
                ? !reads.isDisjoint(with: graph.inputs.map(\.name))
                : !reads.isDisjoint(with: nodes[i - 1].outputs)
            guard continues else { break }
            trunkEnd = i + 1
        }

        // 3. trim the conv set leading into a fork that ends the trunk
        let trunkCount = trunkEnd
        let inTrunk = { (i: Int) in i < trunkCount }
        let fork = (0..<trunkCount).last(where: { i in
            let r = readers(i)
            return r.count >= 2 && r.contains { !inTrunk($0) }
        })
        if let f = fork, ((f + 1)..<trunkEnd).allSatisfy({ !readers($0).contains(where: inTrunk) }) {
            if isConvolutionPart(nodes[f].op) {
                var start = f
                while start > 0, isConvolutionPart(nodes[start - 1].op) { start -= 1 }
                trunkEnd = start
            } else {
                trunkEnd = f + 1  // a fork that is not a convolution (e.g. a shortcut) stays in the backbone
            }
        }

        var parts = GraphParts(backbone: [], neck: [], head: [])
        for (i, n) in nodes.enumerated() {
            if head.contains(i) { parts.head.append(n.name) }
            else if i < trunkEnd { parts.backbone.append(n.name) }
            else { parts.neck.append(n.name) }
        }
        return parts
    }

    static func isWeighted(_ op: Op) -> Bool {
        switch op {
        case .conv2d, .fullyConnected, .locallyConnected: return true
        default: return false
        }
    }

    /// Ops a Darknet `[convolutional]` layer becomes.
    static func isConvolutionPart(_ op: Op) -> Bool {
        switch op {
        case .conv2d, .batchNorm, .biasAdd, .activation: return true
        default: return false
        }
    }
}
