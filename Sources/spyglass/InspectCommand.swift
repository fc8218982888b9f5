import ArgumentParser
import Foundation
import SpyglassKit

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a model's layers: op, shapes, parameters, FLOPs, and which are backbone, neck and head.",
        discussion: "A lone .cfg is enough (weights are not needed to inspect). --dot prints Graphviz: spyglass inspect m.cfg --dot | dot -Tpng -o graph.png")

    @Argument(help: "The model: MODEL.cfg [MODEL.weights], MODEL.spyglass or MODEL.onnx.")
    var model: [String]

    @Option(name: .customLong("bind"), help: "Value of an ONNX model's symbolic input dim, NAME=VALUE (repeatable).")
    var bindings: [String] = []

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Flag(help: "Print a Graphviz DOT drawing of the graph.")
    var dot = false

    func run() throws {
        let loaded = try ModelLoader.load(model, allowMissingWeights: true, bindings: try parseBindings(bindings))
        if dot {
            print(GraphDrawing.dot(loaded.graph), terminator: "")
            return
        }
        let inspection = try Inspector.inspect(loaded)
        print(json ? try inspection.json() : inspection.table(), terminator: json ? "\n" : "")
    }
}
