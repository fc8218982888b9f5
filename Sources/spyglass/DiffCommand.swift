import ArgumentParser
import Foundation
import SpyglassKit

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run two models (or two forms of one) on the same input; name the first tensor that diverges.",
        discussion: """
            spyglass diff yolov3-tiny.cfg yolov3-tiny.weights yolov3-tiny.spyglass
            spyglass diff yolov3-tiny.spyglass yolov3-tiny-opt.spyglass --tolerance 1e-4
            """)

    @Argument(help: "Model A then model B (each MODEL.spyglass, MODEL.onnx, or MODEL.cfg MODEL.weights).")
    var models: [String]

    @Option(help: "Input .npy (default: seeded random values in [0,1)).")
    var input: String?

    @Option(help: "Largest allowed |a-b| / max(1, |a|).")
    var tolerance: Float = 1e-3

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let groups = groupModelPaths(models)
        guard groups.count == 2 else { throw CLIError("diff needs exactly two models, got \(groups.count): \(groups)") }
        let a = try ModelLoader.load(groups[0]), b = try ModelLoader.load(groups[1])
        let x = try input.map { try NPY.read($0) }
        let report = try Differ.diff(a.graph, b.graph, input: x, tolerance: tolerance)
        if json {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try enc.encode(report), as: UTF8.self))
        } else {
            print("A: \(a.sourceDescription)\nB: \(b.sourceDescription)\n")
            print("tensor".padding(toLength: 28, withPad: " ", startingAt: 0) + "shape".padding(toLength: 20, withPad: " ", startingAt: 0) + "max|Δ|        scaled")
            for d in report.compared {
                let mark = d.withinTolerance ? "" : "   <-- exceeds \(report.tolerance)"
                print(d.tensor.padding(toLength: 28, withPad: " ", startingAt: 0)
                      + "\(d.shape)".padding(toLength: 20, withPad: " ", startingAt: 0)
                      + String(format: "%-13.3g %.3g", d.maxAbsError, d.maxScaledError) + mark)
            }
            if !report.unmatched.isEmpty { print("\nin A only (renamed or fused away in B): \(report.unmatched.count) tensors") }
            if let first = report.firstDivergence {
                print("\nfirst divergence: \(first.tensor) (max scaled error \(first.maxScaledError))")
            } else {
                print("\nall \(report.compared.count) shared tensors agree within \(report.tolerance)")
            }
        }
        if report.firstDivergence != nil { throw ExitCode(1) }
    }
}
