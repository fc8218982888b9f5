import ArgumentParser
import SpyglassKit

/// `spyglass`: convert, inspect, optimise, run and serve object-detection models.
struct Spyglass: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spyglass",
        abstract: "Convert, inspect, optimise and run object-detection models (Darknet cfg+weights, .spyglass).",
        subcommands: [Convert.self, Inspect.self, Optimize.self, Run.self, Diff.self, Detect.self, Plugins.self, Anchors.self,
                      Eval.self, Serve.self, Bench.self])
}

SpyglassKit.Plugins.registerBuiltins()
Spyglass.main()
