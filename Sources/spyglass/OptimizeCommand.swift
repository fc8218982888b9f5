import ArgumentParser
import Foundation
import SpyglassFormat
import SpyglassIR
import SpyglassKit
import SpyglassPasses

struct Optimize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run graph passes (fold batch-norm, fuse activations, remove identities, prune …) and save the result.",
        discussion: "Passes: fold-batchnorm, fuse-activation, eliminate-identity, dead-nodes, constant-folding. Default: all, to a fixpoint.")

    @Argument(help: "The model: MODEL.cfg MODEL.weights, or MODEL.spyglass.")
    var model: [String]

    @Option(name: .shortAndLong, help: "Output .spyglass file.")
    var output: String

    @Option(name: .customLong("pass"), help: "A pass to run (repeatable). Default: all.")
    var passes: [String] = []

    @Option(help: "Comma-separated tensor names to keep as outputs; everything not needed for them is pruned.")
    var keepOutputs: String?

    @Flag(help: "Print the reports as JSON.")
    var json = false

    @Flag(help: "Do not store the kernels' prepacked weights (planning then packs them each time).")
    var noPrepack = false

    func run() throws {
        var graph = try ModelLoader.load(model, progress: Progress("reading weights").callback()).graph
        var chosen: [GraphPass] = []
        for name in passes {
            guard let p = PassManager.pass(named: name) else { throw CLIError("unknown pass '\(name)'") }
            chosen.append(p)
        }
        if chosen.isEmpty { chosen = PassManager.defaultPasses }
        var reports: [PassReport] = []
        if let keep = keepOutputs {
            let names = keep.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
            reports += try PassManager(passes: [KeepOutputs(names)]).run(on: &graph, toFixpoint: false)
        }
        let before = graph.nodes.count
        reports += try PassManager(passes: chosen).run(on: &graph)
        try Verifier.verify(graph)
        try ModelWriter.writeSpyglass(graph, to: URL(fileURLWithPath: output), prepack: !noPrepack)
        if json {
            let items = reports.map { ["pass": $0.pass, "changed": $0.changed ? "yes" : "no", "details": $0.details.joined(separator: "; ")] }
            let data = try JSONSerialization.data(withJSONObject: items, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            for r in reports { print(r.description) }
            print("nodes: \(before) → \(graph.nodes.count); wrote \(output)")
        }
    }
}
