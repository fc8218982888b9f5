import ArgumentParser
import Foundation
import SpyglassKit

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time a model's forward pass: min/median/p90, GFLOPS, per-layer and per-part (backbone/neck/head) time.",
        discussion: "The default passes (fold batch-norm, fuse activations …) run first, as `optimize` would. "
            + "Example: spyglass bench yolov3-tiny.cfg yolov3-tiny.weights --threads 2 --runs 50")

    @Argument(help: "The model: MODEL.cfg MODEL.weights, or MODEL.spyglass (a lone .cfg times zero weights).")
    var model: [String]

    @Option(help: "Threads (OpenBLAS and the runtime's own loops).")
    var threads: Int = 1

    @Option(help: "Timed runs, after the warm-up.")
    var runs: Int = 30

    @Option(help: "Untimed warm-up runs.")
    var warmup: Int = 3

    @Option(help: "Also time the whole detection pipeline on this image (read, decode, letterbox, forward, decode, NMS).")
    var image: String?

    @Option(help: "Images per forward pass (throughput at batch N).")
    var batch: Int = 1

    @Option(name: .shortAndLong, help: "Input tensor (.npy); default: a fixed synthetic input of the model's shape.")
    var input: String?

    @Option(help: "Show only the N slowest layers (0: all).")
    var top: Int = 0

    @Flag(help: "Skip the default passes (time the graph as loaded).")
    var noPasses = false

    @Flag(help: "Skip measuring OpenBLAS sgemm (n = 1024, 2048) for the efficiency figure.")
    var noSgemm = false

    @Flag(help: "Copy channel slices, reshapes and concats instead of planning them as views (to measure what views save).")
    var copyViews = false

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        guard threads >= 1 else { throw CLIError("--threads must be at least 1, got \(threads)") }
        guard runs >= 1 else { throw CLIError("--runs must be at least 1, got \(runs)") }
        guard warmup >= 0, top >= 0 else { throw CLIError("--warmup and --top must not be negative") }
        let x = try input.map { try NPY.read($0) }
        var options = Benchmarker.Options(threads: threads, runs: runs, warmup: warmup, optimise: !noPasses,
                                          sgemmSizes: noSgemm ? [] : [1024, 2048], batch: batch)
        options.zeroCopyViews = !copyViews
        var report = try Benchmarker.run(paths: model, input: x, options: options)
        if let image {
            report.pipeline = try Benchmarker.pipeline(try ModelLoader.load(model).graph, imagePath: image, options: options)
        }
        print(json ? try report.json() : report.table(top: top), terminator: json ? "\n" : "")
    }
}
