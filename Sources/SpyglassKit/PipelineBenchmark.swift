import Dispatch
import Foundation
import SpyglassDetection
import SpyglassImage
import SpyglassIR
import SpyglassPasses
import SpyglassRuntime

/// What a user's per-image latency is: read the JPEG/PNG file, decode, preprocess (letterbox),
/// forward, decode the head, NMS — each timed, median over the runs.
public struct PipelineReport: Codable {
    public var image: String
    public var detections: Int
    public var total: TimingSummary
    /// Median ms of each stage: read+decode, preprocess, forward, decode+NMS.
    public var stagesMs: [String: Double]
}

extension Benchmarker {
    /// Times the whole detection pipeline on `imagePath` with the graph's plugin and defaults.
    public static func pipeline(_ graph: Graph, imagePath: String, options: Options) throws -> PipelineReport {
        Plugins.registerBuiltins()
        var g = graph
        if options.optimise { _ = try PassManager(passes: PassManager.defaultPasses).runUnlessApplied(on: &g) }
        let detector = try Detector(graph: g, options: RuntimeOptions(threads: options.threads, zeroCopyViews: options.zeroCopyViews))
        let d = detector.defaults
        func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
        var totals: [Double] = [], stages: [String: [Double]] = [:]
        var count = 0
        for r in 0..<(max(0, options.warmup) + options.runs) {
            let t0 = now()
            let image = try ImageIO.loadPacked(path: imagePath, maxPixels: ImageIO.defaultMaxPixels)
            let t1 = now()
            let (input, transform) = preprocess(image, width: d.inputWidth, height: d.inputHeight, mode: d.preprocessing.resizeMode,
                                                split: detector.rowSplitter)
            let tensor = Tensor(shape: [1, 3, input.height, input.width], data: input.data)
            let t2 = now()
            let outputs = try detector.plan.run([detector.graph.inputs[0].name: tensor])
            let t3 = now()
            let raw = try detector.plugin.decode(outputs: outputs, transform: transform, threshold: d.threshold)
            let classes = d.classNames.isEmpty ? (raw.first?.probs.count ?? 0) : d.classNames.count
            let kept = suppress(raw, method: d.nms, classes: classes, scoreThreshold: d.threshold, iouThreshold: d.nmsThreshold,
                                imageWidth: image.width, imageHeight: image.height, classNames: d.classNames)
            let t4 = now()
            count = kept.count
            guard r >= options.warmup else { continue }
            totals.append(Double(t4 - t0) / 1e9)
            for (name, a, b) in [("read+decode", t0, t1), ("preprocess", t1, t2), ("forward", t2, t3), ("decode+nms", t3, t4)] {
                stages[name, default: []].append(Double(b - a) / 1e9)
            }
        }
        return PipelineReport(image: imagePath, detections: count, total: TimingSummary(seconds: totals),
                              stagesMs: stages.mapValues { TimingSummary(seconds: $0).medianMs })
    }
}
