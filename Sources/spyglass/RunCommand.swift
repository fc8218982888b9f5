import ArgumentParser
import Foundation
import SpyglassKit
import SpyglassRuntime

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a model on .npy inputs and write one .npy per graph output.",
        discussion: """
            Inputs may be float32/float64, int64, int32, uint8 or bool arrays. A model with symbolic input \
            dims (dynamic batch, height, width) runs at the shape of the arrays given.
            """)

    @Argument(help: "The model: MODEL.cfg MODEL.weights, MODEL.spyglass or MODEL.onnx.")
    var model: [String]

    @Option(name: .shortAndLong, help: "Input tensor as PATH.npy (a one-input model) or NAME=PATH.npy; repeat for several inputs.")
    var input: [String]

    @Option(name: .shortAndLong, help: "Folder for the outputs (<tensor>.npy each).")
    var outputDir: String = "."

    @Option(help: "Threads.")
    var threads: Int = 1

    func run() throws {
        let runner = try ModelRunner(paths: model, options: RuntimeOptions(threads: threads))
        let names = runner.inputNames
        var feed: [String: Tensor] = [:]
        for item in input {
            if let eq = item.firstIndex(of: "="), !FileManager.default.fileExists(atPath: item) {
                let name = String(item[..<eq])
                guard names.contains(name) else { throw CLIError("--input \(item): the model's inputs are \(names.joined(separator: ", "))") }
                feed[name] = try NPY.read(String(item[item.index(after: eq)...]))
            } else {
                guard names.count == 1, let only = names.first else {
                    throw CLIError("the model has inputs \(names.joined(separator: ", ")); give each as --input NAME=PATH.npy")
                }
                feed[only] = try NPY.read(item)
            }
        }
        let outputs = try runner.run(feed)
        try FileManager.default.createDirectory(atPath: outputDir, withIntermediateDirectories: true)
        for name in outputs.keys.sorted() {
            guard let t = outputs[name] else { continue }
            let safe = name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" }
            let path = (outputDir as NSString).appendingPathComponent(String(safe) + ".npy")
            try NPY.write(t, to: path)
            print("\(name) \(t.shape) → \(path)")
        }
    }
}
