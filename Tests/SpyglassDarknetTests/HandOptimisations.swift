import Foundation
import SpyglassIR

/// Hand-written stand-ins for the optimiser's rewrites, so the exporter can be tested on optimised
/// graphs without depending on SpyglassPasses.
enum HandOptimisations {
    /// Replaces every use of `old` by `new` in later nodes and the outputs.
    static func rename(_ g: inout Graph, _ old: String, to new: String) {
        for i in g.nodes.indices { g.nodes[i].inputs = g.nodes[i].inputs.map { $0 == old ? new : $0 } }
        g.outputs = g.outputs.map { $0 == old ? new : $0 }
    }

    /// conv2d (no bias) → batchNorm(Darknet) becomes one biased conv2d:
    /// w' = w·s/(√v + ε), b' = β − μ·s/(√v + ε).
    static func foldBatchNorm(_ g: inout Graph) {
        var i = 0
        while i < g.nodes.count {
            guard case .batchNorm(let bn) = g.nodes[i].op, let p = g.producers[g.nodes[i].inputs[0]],
                  case .conv2d = g.nodes[p].op, g.nodes[p].inputs.count == 2 else { i += 1; continue }
            let names = Array(g.nodes[i].inputs[1...4])
            let s = g.constants[names[0]]!.floatArray, beta = g.constants[names[1]]!.floatArray
            let mean = g.constants[names[2]]!.floatArray, v = g.constants[names[3]]!.floatArray
            let wName = g.nodes[p].inputs[1]
            var w = g.constants[wName]!.floatArray
            let perFilter = w.count / s.count
            var bias = [Float](repeating: 0, count: s.count)
            for o in 0..<s.count {
                let k = s[o] / (v[o].squareRoot() + bn.epsilon)
                for j in 0..<perFilter { w[o * perFilter + j] *= k }
                bias[o] = beta[o] - mean[o] * k
            }
            g.constants[wName] = ConstantTensor(floats: w, shape: g.constants[wName]!.shape)
            let biasName = g.nodes[p].name + ".foldedBias"
            g.constants[biasName] = ConstantTensor(floats: bias, shape: [s.count])
            for n in names { g.constants[n] = nil }
            g.nodes[p].inputs.append(biasName)
            let out = g.nodes[i].outputs[0]
            g.nodes.remove(at: i)
            rename(&g, out, to: g.nodes[p].outputs[0])
        }
    }

    /// activation nodes after conv2d/fullyConnected/shortcut move into their producer.
    static func fuseActivations(_ g: inout Graph) {
        var i = 0
        while i < g.nodes.count {
            guard case .activation(let a) = g.nodes[i].op, let p = g.producers[g.nodes[i].inputs[0]],
                  g.consumers[g.nodes[i].inputs[0]]?.count == 1, let fused = g.nodes[p].op.fusing(a) else { i += 1; continue }
            g.nodes[p].op = fused
            let out = g.nodes[i].outputs[0]
            g.nodes.remove(at: i)
            rename(&g, out, to: g.nodes[p].outputs[0])
        }
    }

    /// dropout and identity nodes disappear.
    static func removeNoOps(_ g: inout Graph) {
        var i = 0
        while i < g.nodes.count {
            switch g.nodes[i].op {
            case .dropout, .identity:
                let (input, out) = (g.nodes[i].inputs[0], g.nodes[i].outputs[0])
                g.nodes.remove(at: i)
                rename(&g, out, to: input)
            default: i += 1
            }
        }
    }

    static func all(_ graph: Graph) -> Graph {
        var g = graph
        foldBatchNorm(&g)
        fuseActivations(&g)
        removeNoOps(&g)
        return g
    }
}
