import Foundation
import SpyglassDarknet
import SpyglassIR

/// A .weights file for `model` (header 0.2.0, 64-bit seen = 0) filled with seeded, numerically tame values:
/// biases N(0, 0.1); BN scales U(0.8, 1.2), or U(0.05, 0.15) for a convolution whose output is the
/// residual input of a shortcut (so deep residual nets stay finite); BN means N(0, 0.1), variances
/// U(0.8, 1.2); convolution and local weights N(0, √(2/fan_in)); connected weights N(0, √(1/inputs)).
public func randomDarknetWeights(for model: DarknetModel, seed: UInt64) -> Data {
    var nodes: [String: Node] = [:]
    for n in model.graph.nodes { nodes[n.name] = n }
    let consumers = model.graph.consumers

    // What to draw, in Darknet's load order: (count, distribution).
    var draws: [(count: Int, distribution: SeededRandom.Distribution)] = []
    func batchNorm(_ n: Int, small: Bool) {
        draws.append((n, small ? .uniform(0.05, 0.15) : .uniform(0.8, 1.2)))
        draws.append((n, .normal(0.1)))
        draws.append((n, .uniform(0.8, 1.2)))
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
                draws.append((a.outChannels, .normal(0.1)))
                if hasBN { batchNorm(a.outChannels, small: feedsShortcut) }
                draws.append((a.outChannels * fanIn, .normal((2.0 / Double(max(fanIn, 1))).squareRoot())))
            case .fullyConnected(let a):
                let inputs = weightShape.count == 2 ? weightShape[1] : 1
                draws.append((a.outputs, .normal(0.1)))
                draws.append((a.outputs * inputs, .normal((1.0 / Double(max(inputs, 1))).squareRoot())))
                if hasBN { batchNorm(a.outputs, small: false) }
            case .locallyConnected:
                let biasCount = model.graph.constants[node.inputs[2]]?.elementCount ?? 0
                let fanIn = weightShape.count == 3 ? weightShape[2] : 1
                draws.append((biasCount, .normal(0.1)))
                draws.append((weightShape.reduce(1, *), .normal((2.0 / Double(max(fanIn, 1))).squareRoot())))
            default:
                break
            }
        }
    }

    let headerBytes = 20
    let total = draws.reduce(0) { $0 + $1.count }
    var data = Data(count: headerBytes + 4 * total)
    data.withUnsafeMutableBytes { (raw: UnsafeMutableRawBufferPointer) in
        func put(_ v: UInt32, at offset: Int) { raw.storeBytes(of: v.littleEndian, toByteOffset: offset, as: UInt32.self) }
        put(0, at: 0); put(2, at: 4); put(0, at: 8); put(0, at: 12); put(0, at: 16)  // major, minor, revision, seen (u64)
        guard let base = raw.baseAddress else { return }
        let floats = UnsafeMutableBufferPointer(start: (base + headerBytes).assumingMemoryBound(to: Float.self), count: total)
        var rng = SeededRandom(seed: seed)
        var offset = 0
        for d in draws {
            rng.fill(UnsafeMutableBufferPointer(rebasing: floats[offset..<(offset + d.count)]), d.distribution)
            offset += d.count
        }
    }
    return data
}

/// SplitMix64 with Box–Muller normals: small, fast and reproducible across platforms. The one seeded
/// generator every test suite uses (weights, random shapes, attribute values).
public struct SeededRandom {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [-1, 1) with 23 bits.
    public mutating func nextFloat() -> Float { Float(next() >> 40) / Float(1 << 23) - 1 }

    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    public mutating func float(_ range: ClosedRange<Float> = -1...1) -> Float {
        range.lowerBound + (range.upperBound - range.lowerBound) * Float(next() >> 40) / Float(1 << 24)
    }

    public mutating func floats(_ count: Int, _ range: ClosedRange<Float> = -1...1) -> [Float] {
        (0..<count).map { _ in float(range) }
    }

    public mutating func bool() -> Bool { next() & 1 == 1 }

    enum Distribution { case normal(Double), uniform(Double, Double) }

    /// Fills `out` from `distribution`; a plain loop over locals so debug builds stay quick.
    mutating func fill(_ out: UnsafeMutableBufferPointer<Float>, _ distribution: Distribution) {
        var s = state
        let n = out.count
        var i = 0
        switch distribution {
        case .uniform(let lo, let hi):
            while i < n {
                s &+= 0x9E37_79B9_7F4A_7C15
                var z = s
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                z ^= z >> 31
                out[i] = Float(lo + (hi - lo) * (Double(z >> 11) * 0x1p-53))
                i += 1
            }
        case .normal(let sigma):
            while i < n {
                s &+= 0x9E37_79B9_7F4A_7C15
                var a = s
                a = (a ^ (a >> 30)) &* 0xBF58_476D_1CE4_E5B9
                a = (a ^ (a >> 27)) &* 0x94D0_49BB_1331_11EB
                a ^= a >> 31
                s &+= 0x9E37_79B9_7F4A_7C15
                var b = s
                b = (b ^ (b >> 30)) &* 0xBF58_476D_1CE4_E5B9
                b = (b ^ (b >> 27)) &* 0x94D0_49BB_1331_11EB
                b ^= b >> 31
                let u1 = max(Double(a >> 11) * 0x1p-53, 1e-300), u2 = Double(b >> 11) * 0x1p-53
                let r = sigma * (-2 * Foundation.log(u1)).squareRoot()
                let angle = 2 * Double.pi * u2
                out[i] = Float(r * Foundation.cos(angle))
                if i + 1 < n { out[i + 1] = Float(r * Foundation.sin(angle)) }
                i += 2
            }
        }
        state = s
    }
}
