import ArgumentParser
import Foundation
import SpyglassKit
import SpyglassRuntime

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a model on a .npy input and write one .npy per graph output.")

    @Argument(help: "The model: MODEL.cfg MODEL.weights, MODEL.spyglass or MODEL.onnx.")
    var model: [String]

    @Option(name: .shortAndLong, help: "Input tensor (.npy, float32, shape of the model input).")
    var input: String

    @Option(name: .shortAndLong, help: "Folder for the outputs (<tensor>.npy each).")
    var outputDir: String = "."

    @Option(help: "Threads.")
    var threads: Int = 1

    func run() throws {
        let graph = try ModelLoader.load(model).graph
        let x = try NPY.read(input)
        guard let inputName = graph.inputs.first?.name else { throw CLIError("model has no input") }
        let plan = try Plan(graph: graph, options: RuntimeOptions(threads: threads))
        let outputs = try plan.run([inputName: x])
        try FileManager.default.createDirectory(atPath: outputDir, withIntermediateDirectories: true)
        for name in graph.outputs {
            guard let t = outputs[name] else { continue }
            let safe = name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" }
            let path = (outputDir as NSString).appendingPathComponent(String(safe) + ".npy")
            try NPY.write(t, to: path)
            print("\(name) \(t.shape) → \(path)")
        }
    }
}
