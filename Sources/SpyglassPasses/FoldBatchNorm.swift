import Foundation
import SpyglassIR

/// `conv2d | fullyConnected → batchNorm` becomes one conv2d/fullyConnected with scaled weights and a
/// new bias: w' = w·f, b' = (b − mean)·f + β with f = γ / √(var + ε) or γ / (√var + ε) (Darknet).
/// The producer keeps its name and takes over the batch-norm's output name, so downstream names stay.
/// Refused (and reported) when the producer's output is read elsewhere or is a graph output, when the
/// producer already applies a non-linear activation, or when weights/statistics are not float32 constants.
public struct FoldBatchNorm: GraphPass {
    public let name = "fold-batchnorm"
    public var targetOps: Set<OpKind> { [.batchNorm] }
    public init() {}

    private struct Fold {
        var producer: Int
        var batchNorm: Int
        var weights: [Float]
        var bias: [Float]
        var weightName: String
        var biasName: String
    }

    public func run(on graph: inout Graph) throws -> PassReport {
        let producers = graph.producers
        let consumers = graph.consumers
        var details: [String] = []
        var folds: [Fold] = []
        var taken = graph.usedNames

        for (j, bn) in graph.nodes.enumerated() {
            guard case .batchNorm(let attributes) = bn.op else { continue }
            switch plan(bn: j, attributes, graph, producers: producers, consumers: consumers, taken: &taken) {
            case .success(let fold): folds.append(fold)
            case .failure(let refusal): details.append("kept \(bn.name): \(refusal.reason)")
            }
        }
        guard !folds.isEmpty else { return PassReport(pass: name, changed: false, details: details) }

        var removed = Set<Int>()
        var replaced = Set<String>()
        for fold in folds {
            let bn = graph.nodes[fold.batchNorm]
            var node = graph.nodes[fold.producer]
            replaced.formUnion(node.inputs.dropFirst())
            replaced.formUnion(bn.inputs.dropFirst())
            let weightShape = graph.constants[node.inputs[1]]?.shape ?? []
            graph.constants[fold.weightName] = ConstantTensor(floats: fold.weights, shape: weightShape)
            graph.constants[fold.biasName] = ConstantTensor(floats: fold.bias, shape: [fold.bias.count])
            node.inputs = [node.inputs[0], fold.weightName, fold.biasName]
            node.outputs = [bn.outputs[0]]
            graph.nodes[fold.producer] = node
            removed.insert(fold.batchNorm)
            details.append("folded \(bn.name) into \(node.name) (new weights \(fold.weightName), new bias \(fold.biasName); output is now \(bn.outputs[0]))")
        }
        graph.nodes = graph.nodes.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
        let dropped = graph.removeUnusedConstants(among: replaced)
        if !dropped.isEmpty { details.append("dropped unused constants: \(dropped.joined(separator: ", "))") }
        return PassReport(pass: name, changed: true, details: details)
    }

    private struct Refusal: Error { var reason: String }

    private func plan(bn j: Int, _ attributes: BatchNormAttributes, _ graph: Graph, producers: [String: Int],
                      consumers: [String: [Int]], taken: inout Set<String>) -> Result<Fold, Refusal> {
        let bn = graph.nodes[j]
        guard bn.inputs.count == 5, bn.outputs.count == 1 else { return .failure(Refusal(reason: "expects 5 inputs and 1 output")) }
        let x = bn.inputs[0]
        guard let p = producers[x] else { return .failure(Refusal(reason: "its input '\(x)' is not produced by a node")) }
        let producer = graph.nodes[p]
        let channels: Int
        switch producer.op {
        case .conv2d(let a) where a.activation == .linear: channels = a.outChannels
        case .fullyConnected(let a) where a.activation == .linear: channels = a.outputs
        case .conv2d, .fullyConnected:
            return .failure(Refusal(reason: "\(producer.name) applies \(producer.op.fusedActivation?.rawValue ?? "an activation") before the batch norm"))
        default:
            return .failure(Refusal(reason: "its input comes from \(producer.name) (\(producer.op.kind.rawValue)), not a conv2d or fullyConnected"))
        }
        if graph.isOutput(x) {
            return .failure(Refusal(reason: "\(producer.name)'s output '\(x)' is a graph output"))
        }
        let readers = consumers[x] ?? []
        if readers != [j] {
            let others = readers.filter { $0 != j }.map { graph.nodes[$0].name }
            return .failure(Refusal(reason: "\(producer.name)'s output '\(x)' is also read by \(others.joined(separator: ", "))"))
        }
        guard producer.inputs.count >= 2, let weights = graph.floatConstant(producer.inputs[1]) else {
            return .failure(Refusal(reason: "\(producer.name)'s weights are not a float32 constant"))
        }
        var bias = [Float](repeating: 0, count: channels)
        if producer.inputs.count >= 3 {
            guard let b = graph.floatConstant(producer.inputs[2]), b.count == channels else {
                return .failure(Refusal(reason: "\(producer.name)'s bias is not a float32 constant of \(channels) values"))
            }
            bias = b
        }
        var parameters: [[Float]] = []
        for (k, label) in zip(bn.inputs[1...], ["scale", "bias", "mean", "variance"]) {
            guard let values = graph.floatConstant(k), values.count == channels else {
                return .failure(Refusal(reason: "its \(label) '\(k)' is not a float32 constant of \(channels) values"))
            }
            parameters.append(values)
        }
        guard channels > 0, weights.count % channels == 0 else {
            return .failure(Refusal(reason: "\(producer.name)'s weights do not split into \(channels) output channels"))
        }

        let (scale, beta, mean, variance) = (parameters[0], parameters[1], parameters[2], parameters[3])
        let perChannel = weights.count / channels
        var newWeights = weights
        var newBias = bias
        for c in 0..<channels {
            let v = Double(variance[c]), e = Double(attributes.epsilon)
            let denominator = attributes.placement == .insideSqrt ? (v + e).squareRoot() : v.squareRoot() + e
            let f = Double(scale[c]) / denominator
            guard f.isFinite else {
                return .failure(Refusal(reason: "channel \(c) has scale \(scale[c]) over a zero or invalid spread (variance \(variance[c]), epsilon \(attributes.epsilon))"))
            }
            for k in (c * perChannel)..<((c + 1) * perChannel) { newWeights[k] = Float(Double(weights[k]) * f) }
            newBias[c] = Float((Double(bias[c]) - Double(mean[c])) * f + Double(beta[c]))
        }
        let weightName = graph.freshName(producer.inputs[1] + ".folded", avoiding: taken)
        taken.insert(weightName)
        let biasBase = producer.inputs.count >= 3 ? producer.inputs[2] : producer.name + ".bias"
        let biasName = graph.freshName(biasBase + ".folded", avoiding: taken)
        taken.insert(biasName)
        return .success(Fold(producer: p, batchNorm: j, weights: newWeights, bias: newBias, weightName: weightName, biasName: biasName))
    }
}
