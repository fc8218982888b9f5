import ArgumentParser
import Foundation
import SpyglassDarknet
import SpyglassFormat
import SpyglassIR
import SpyglassKit
import SpyglassONNX

struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert a model: Darknet cfg+weights, .spyglass or .onnx → .spyglass, Darknet cfg+weights or ONNX.",
        discussion: """
            spyglass convert yolov3-tiny.cfg yolov3-tiny.weights --names coco.names -o yolov3-tiny.spyglass
            spyglass convert yolov3-tiny.spyglass -o yolov3-tiny.cfg     (also writes yolov3-tiny.weights)
            spyglass convert yolov3-tiny.cfg yolov3-tiny.weights -o yolov3-tiny.onnx [--opset 17]
            spyglass convert model.onnx -o model.spyglass [--bind batch=1]
            """)

    @Argument(help: "The model: MODEL.cfg MODEL.weights, MODEL.spyglass or MODEL.onnx.")
    var model: [String]

    @Option(name: .customLong("bind"), help: "Value of an ONNX model's symbolic input dim, NAME=VALUE (repeatable).")
    var bindings: [String] = []

    @Option(name: .shortAndLong, help: "Output: a .spyglass file, or a .cfg (its .weights is written beside it).")
    var output: String

    @Option(help: "Class names file (one per line, e.g. coco.names), stored in the .spyglass header.")
    var names: String?

    @Option(help: "Detector plugin to record (default: chosen from the graph).")
    var plugin: String?

    @Option(help: "Set the input's batch (leading) dim to N, e.g. for a batch-8 ONNX export of a Darknet model.")
    var batch: Int?

    @Flag(help: "Do not store the kernels' prepacked weights in a .spyglass output.")
    var noPrepack = false

    @Option(help: "ONNX opset to target when writing .onnx (\(ONNXExporter.supportedOpsets.lowerBound)–\(ONNXExporter.supportedOpsets.upperBound)).")
    var opset: Int = 17

    func run() throws {
        let loaded = try ModelLoader.load(model, bindings: try parseBindings(bindings), progress: Progress("reading weights").callback())
        var graph = loaded.graph
        if let names {
            graph.metadata.classNames = try readClassNames(names)
        }
        if let plugin { graph.metadata.plugin = plugin }
        if let batch {
            guard batch >= 1, var first = graph.inputs.first, !first.type.shape.dims.isEmpty else {
                throw CLIError("--batch must be at least 1 and the model must have an input")
            }
            first.type.shape.dims[0] = .fixed(batch)
            graph.inputs[0] = first
            graph.appliedPasses = []  // a fixed batch may let constant folding do more
            try Verifier.verify(graph)
        }
        let out = URL(fileURLWithPath: output)
        switch out.pathExtension.lowercased() {
        case "cfg":
            let weights = out.deletingPathExtension().appendingPathExtension("weights")
            try DarknetExporter.write(graph, cfg: out, weights: weights)
            print("wrote \(out.path) and \(weights.path)")
        case "spyglass":
            try ModelWriter.writeSpyglass(graph, to: out, prepack: !noPrepack, bindings: try parseBindings(bindings))
            let size = (try? FileManager.default.attributesOfItem(atPath: out.path)[.size] as? Int) ?? 0
            print("wrote \(out.path) (\(graph.nodes.count) nodes, \(graph.parameterCount) parameters, \(size) bytes)")
        case "onnx":
            try ONNXExporter.write(graph, to: out, opset: opset)
            let size = (try? FileManager.default.attributesOfItem(atPath: out.path)[.size] as? Int) ?? 0
            print("wrote \(out.path) (opset \(opset), \(graph.nodes.count) IR nodes, \(graph.parameterCount) parameters, \(size) bytes)")
        default:
            throw CLIError("output '\(output)' must end in .spyglass, .cfg or .onnx")
        }
    }
}
