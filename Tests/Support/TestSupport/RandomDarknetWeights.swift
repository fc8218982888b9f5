import Foundation
import SpyglassDarknet
import SpyglassIR

/// A .weights file for `model` (header 0.2.0, 64-bit seen = 0) filled with seeded, numerically tame values:
/// biases N(0, 0.1); BN scales U(0.8, 1.2), or U(0.05, 0.15) for a convolution whose output is the
/// residual input of a shortcut (so deep residual nets stay finite); BN means N(0, 0.1), variances
/// U(0.8, 1.2); convolution and local weights N(0, √(2/fan_in)); connected weights N(0, √(1/inputs)).
public func randomDarknetWeights(for model: DarknetModel, seed: UInt64) -> Data {
    var rng = SeededRandom(seed: seed)
    var nodes: [String: Node] = [:]
    for n in model.graph.nodes { nodes[n.name] = n }
    let consumers = model.graph.consumers
    var values: [Float] = []

    func normal(_ count: Int, _ sigma: Double) { for _ in 0..<count { values.append(Float(rng.normal() * sigma)) } }
    func uniform(_ count: Int, _ lo: Double, _ hi: Double) { for _ in 0..<count { values.append(Float(lo + (hi - lo) * rng.uniform())) } }
    func batchNorm(_ n: Int, small: Bool) {
        if small { uniform(n, 0.05, 0.15) } else { uniform(n, 0.8, 1.2) }
        normal(n, 0.1)
        uniform(n, 0.8, 1.2)
    }

    for layer in model.layers {
        let layerNodes = layer.nodes.compactMap { nodes[$0] }
        let hasBN = layerNodes.contains { if case .batchNorm = $0.op { return true } else { return false } }
        let feedsShortcut = (consumers[layer.output] ?? []).contains { i in
            let n = model.graph.nodes[i]
            if case .shortcut = n.op { return n.inputs.first == layer.output } else { return false }
        }
        for node in layerNodes {
            let weightShape = node.inputs.count > 1 ? model.graph.constants[node.inputs[1]]?.shape ?? [] : []
            switch node.op {
            case .conv2d(let a):
                let fanIn = weightShape.dropFirst().reduce(1, *)
                normal(a.outChannels, 0.1)
                if hasBN { batchNorm(a.outChannels, small: feedsShortcut) }
                normal(a.outChannels * fanIn, (2.0 / Double(max(fanIn, 1))).squareRoot())
            case .fullyConnected(let a):
                let inputs = weightShape.count == 2 ? weightShape[1] : 1
                normal(a.outputs, 0.1)
                normal(a.outputs * inputs, (1.0 / Double(max(inputs, 1))).squareRoot())
                if hasBN { batchNorm(a.outputs, small: false) }
            case .locallyConnected:
                let biasCount = model.graph.constants[node.inputs[2]]?.elementCount ?? 0
                let fanIn = weightShape.count == 3 ? weightShape[2] : 1
                normal(biasCount, 0.1)
                normal(weightShape.reduce(1, *), (2.0 / Double(max(fanIn, 1))).squareRoot())
            default:
                break
            }
        }
    }

    var data = Data()
    func append<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
    append(Int32(0)); append(Int32(2)); append(Int32(0)); append(UInt64(0))
    values.withUnsafeBytes { data.append(contentsOf: $0) }
    return data
}

/// SplitMix64 with Box–Muller normals: small, fast and reproducible across platforms.
struct SeededRandom {
    private var state: UInt64
    private var spare: Double?

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func normal() -> Double {
        if let s = spare { spare = nil; return s }
        let u1 = max(uniform(), 1e-300), u2 = uniform()
        let r = (-2 * Foundation.log(u1)).squareRoot()
        spare = r * Foundation.sin(2 * Double.pi * u2)
        return r * Foundation.cos(2 * Double.pi * u2)
    }
}
