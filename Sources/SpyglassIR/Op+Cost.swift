/// Parameter and FLOP counts per node, as `inspect` prints them.
/// Convolution FLOPs follow Darknet's own count, 2·O·k²·(C/groups)·outH·outW, so the
/// BFLOPs column matches what Darknet prints when it loads the same cfg.
extension Op {
    public func flops(inputs s: [[Int]], outputs o: [[Int]]) -> Int {
        guard let out = o.first else { return 0 }
        let outCount = out.reduce(1, *)
        switch self {
        case .conv2d(let a):
            guard s.count >= 1, s[0].count == 4 else { return 0 }
            return 2 * a.outChannels * a.kernelH * a.kernelW * (s[0][1] / a.groups) * out[2] * out[3] * out[0]
        case .fullyConnected(let a):
            guard let x = s.first, let n = x.first else { return 0 }
            return 2 * a.outputs * x.dropFirst().reduce(1, *) * n
        case .locallyConnected(let a):
            guard let x = s.first, x.count == 4 else { return 0 }
            return 2 * a.kernel * a.kernel * x[1] * outCount
        case .maxPool(let a), .avgPool(let a):
            return a.kernelH * a.kernelW * outCount
        case .globalAvgPool:
            return s.first.map { $0.reduce(1, *) } ?? 0
        case .batchNorm, .biasAdd, .add, .shortcut, .activation, .softmax, .upsample, .binary, .unary:
            return outCount
        case .yolo, .region, .detection:
            return outCount
        case .concat, .slice, .reorg, .dropout, .identity, .reshape, .transpose:
            return 0
        case .pad, .stridedSlice, .tile, .expand:
            return 0
        case .nonMaxSuppression:
            // Up to one IoU per pair of boxes of a class.
            guard s.count == 2, s[1].count == 3 else { return 0 }
            return s[1][0] * s[1][1] * s[1][2] * s[1][2]
        case .roiAlign(let a):
            // Four taps per sample; the sample count per bin depends on the rois when samplingRatio is 0.
            return 4 * max(a.samplingRatio, 1) * max(a.samplingRatio, 1) * outCount
        case .maxRoiPool:
            return outCount
        case .matMul:
            guard let a = s.first, let k = a.last else { return 0 }
            return 2 * k * outCount
        case .convTranspose(let a):
            guard let x = s.first, x.count >= 2 else { return 0 }
            return 2 * x.reduce(1, *) * (a.outChannels / max(a.groups, 1)) * a.kernel.reduce(1, *)
        case .pool(let a):
            return a.kernel.reduce(1, *) * outCount
        case .reduce, .argMax, .topK:
            return s.first.map { $0.reduce(1, *) } ?? 0
        case .compare, .not, .select, .cast:
            return outCount
        case .gather:
            return 0
        case .resize(let a):
            let taps = a.mode == .nearest ? 1 : a.mode == .linear ? 2 : 4
            return 2 * outCount * a.axes.reduce(1) { n, _ in n * taps }
        }
    }
}

extension Graph {
    /// Number of parameters read by a node (elements of its constant inputs).
    public func parameterCount(of node: Node) -> Int {
        node.inputs.reduce(0) { $0 + (constants[$1]?.elementCount ?? 0) }
    }
}
