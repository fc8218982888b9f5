import Foundation
import SpyglassDetection
import SpyglassIR
import SpyglassKit
import SpyglassRuntime

/// A model loaded once at start-up (a .spyglass file stays memory-mapped; its weights are shared by
/// every worker's plan), with what the metadata endpoints report about it.
public struct ServedModel: Sendable {
    public let name: String
    public let graph: Graph
    public let sourceDescription: String
    public let pluginName: String
    public let classNames: [String]
    public let inputName: String
    /// Concrete shapes the plan was built for (batch 1, the plugin's input size).
    public let inputShape: [Int]
    public let outputs: [(name: String, shape: [Int])]

    /// Loads the files and plans the graph once to learn its shapes; the probe detector is returned
    /// so the first worker can keep it.
    static func load(_ spec: ModelSpec, options: RuntimeOptions) throws -> (ServedModel, Detector) {
        do {
            var graph = try ModelLoader.load(spec.paths).graph
            if let names = spec.namesPath { graph.metadata.classNames = try readClassNames(names) }
            let detector = try Detector(graph: graph, options: options)
            let input = detector.plan.inputNames[0]
            let model = ServedModel(
                name: spec.name, graph: graph, sourceDescription: spec.paths.joined(separator: " + "),
                pluginName: detector.plugin.pluginName, classNames: detector.defaults.classNames,
                inputName: input, inputShape: detector.plan.shapes[input] ?? [],
                outputs: detector.plan.outputNames.map { ($0, detector.plan.shapes[$0] ?? []) })
            return (model, detector)
        } catch let error as ServerSetupError {
            throw error
        } catch {
            throw ServerSetupError.modelLoad(name: spec.name, reason: "\(error)")
        }
    }

    func makeDetector(options: RuntimeOptions) throws -> Detector {
        try Detector(graph: graph, options: options)
    }
}
