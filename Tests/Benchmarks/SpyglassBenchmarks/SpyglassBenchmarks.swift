// Swift side of `make bench` (ordo-one/benchmark): Spyglass forward passes at 1 and 2 threads, with
// wall clock, CPU time and malloc counts per forward after warm-up (0 at one and two threads, beyond
// what the harness itself counts: see "harness overhead").
// Run: swift package --scratch-path .build-bench benchmark --target SpyglassBenchmarks
import Benchmark
import Foundation
import SpyglassDarknet
import SpyglassIR
import SpyglassPasses
import SpyglassRuntime
import TestSupport

/// yolov3-tiny with its real weights when `make fetch` put them in .cache, and yolov3 with seeded random weights.
private func benchModels() -> [(name: String, cfg: String, weights: String?)] {
    let cache = ProcessInfo.processInfo.environment["SPYGLASS_CACHE"] ?? FileManager.default.currentDirectoryPath + "/.cache"
    let tinyWeights = cache + "/yolov3-tiny.weights"
    return [
        ("yolov3-tiny-416", "/usr/share/darknet/cfg/yolov3-tiny.cfg", FileManager.default.fileExists(atPath: tinyWeights) ? tinyWeights : nil),
        ("yolov3-416", "/usr/share/darknet/cfg/yolov3.cfg", nil),
    ]
}

/// Plans the model after the default passes; nil weights means seeded random weights.
/// The cfg is read at 416×416 whatever size it declares.
private func makePlan(cfg: String, weights: String?, threads: Int) throws -> (Plan, [String: Tensor]) {
    let temp = FileManager.default.temporaryDirectory
    let cfg416 = temp.appendingPathComponent("spyglass-bench-\(getpid()).cfg")
    let text = try String(contentsOfFile: cfg, encoding: .utf8)
        .replacingOccurrences(of: "width=608", with: "width=416").replacingOccurrences(of: "height=608", with: "height=416")
    try text.write(to: cfg416, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: cfg416) }
    var model = try DarknetImporter.load(cfg: cfg416, weights: weights.map { URL(fileURLWithPath: $0) })
    if weights == nil {
        let url = temp.appendingPathComponent("spyglass-bench-\(getpid()).weights")
        try randomDarknetWeights(for: model, seed: 7).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        model = try DarknetImporter.load(cfg: cfg416, weights: url)
    }
    var graph = model.graph
    _ = try PassManager(passes: PassManager.defaultPasses).run(on: &graph)
    let plan = try Plan(graph: graph, options: RuntimeOptions(threads: threads))
    let name = graph.inputs[0].name
    let shape = plan.shapes[name] ?? []
    let count = shape.reduce(1, *)
    let data = (0..<count).map { i -> Float in let v = Double(i) * 0.6180339887498949; return Float(v - v.rounded(.down)) }
    return (plan, [name: Tensor(shape: shape, data: data)])
}

let benchmarks: @Sendable () -> Void = {
    ConvolutionAlgorithmBenchmarks.register()
    // No .peakMemoryResident: its sampler allocates while it runs, which would blur the malloc count (peak RSS: `spyglass bench`).
    let forwardMetrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .mallocCountTotal, .throughput]
    // Control: what the harness itself allocates per iteration with these metrics (subtract it from the forwards').
    Benchmark("harness overhead (empty body)",
              configuration: .init(metrics: forwardMetrics, timeUnits: .milliseconds, warmupIterations: 3, maxIterations: 30)) { benchmark in
        for i in benchmark.scaledIterations { blackHole(i) }
    }
    for model in benchModels() {
        for threads in [1, 2] {
            nonisolated(unsafe) var prepared: (Plan, [String: Tensor])?
            Benchmark("\(model.name) forward threads=\(threads)",
                      configuration: .init(metrics: forwardMetrics, timeUnits: .milliseconds, warmupIterations: 3,
                                           maxDuration: .seconds(60), maxIterations: 30,
                                           setup: { prepared = try makePlan(cfg: model.cfg, weights: model.weights, threads: threads) },
                                           teardown: { prepared = nil })) { benchmark in
                guard let (plan, feeds) = prepared else { return }
                for _ in benchmark.scaledIterations { try? plan.execute(feeds) }
            }
        }
    }
}
