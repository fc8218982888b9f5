import Dispatch
import Foundation
import SpyglassIR
import SpyglassPasses
import SpyglassRuntime

/// min / median / p90 of a set of run times, in milliseconds.
public struct TimingSummary: Codable, Equatable {
    public var runs: Int
    public var minMs: Double
    public var medianMs: Double
    public var p90Ms: Double
    public var meanMs: Double
    /// Every run's time, in the order they ran (a script pooling several runs of the same thing).
    public var samplesMs: [Double]

    public init(seconds: [Double]) {
        samplesMs = seconds.map { $0 * 1000 }
        let ms = samplesMs.sorted()
        runs = ms.count
        func quantile(_ q: Double) -> Double {
            guard !ms.isEmpty else { return 0 }
            // Nearest rank: the smallest value with at least q of the runs at or below it.
            let rank = Int((q * Double(ms.count)).rounded(.up)) - 1
            return ms[min(max(rank, 0), ms.count - 1)]
        }
        minMs = ms.first ?? 0
        medianMs = ms.isEmpty ? 0 : (ms.count % 2 == 1 ? ms[ms.count / 2] : (ms[ms.count / 2 - 1] + ms[ms.count / 2]) / 2)
        p90Ms = quantile(0.9)
        meanMs = ms.isEmpty ? 0 : ms.reduce(0, +) / Double(ms.count)
    }
}

/// One source layer's share of a forward pass (median over the timed runs).
public struct LayerTiming: Codable, Equatable {
    public var index: Int
    public var summary: String
    public var part: String?
    public var outputShape: [Int]
    public var flops: Int
    public var medianMs: Double
    public var gflops: Double
    /// Every node of the layer is a view or a concat written in place: it copies nothing.
    public var isView: Bool = false
    /// The kernels running the layer's nodes (`Plan.kernelNames`), e.g. ["Band"] for a conv by row bands.
    public var kernels: [String] = []
}

public struct PartTiming: Codable, Equatable {
    public var part: String
    public var medianMs: Double
    public var flops: Int
}

public struct SgemmMeasurement: Codable, Equatable {
    public var n: Int
    public var threads: Int
    public var gflops: Double
}

/// What `spyglass bench` measures for one model at one thread count.
public struct BenchReport: Codable {
    public var model: String
    public var engine = "spyglass"
    public var threads: Int
    public var batch: Int
    public var input: [Int]
    public var flops: Int
    public var timing: TimingSummary
    /// FLOPs / median time.
    public var gflops: Double
    /// Images per second at this batch size (batch / median time).
    public var imagesPerSecond: Double
    public var layers: [LayerTiming]
    public var parts: [PartTiming]
    public var planMs: Double
    /// Reading the model file (mmap for .spyglass, parse for cfg+weights or .onnx), when the caller timed it.
    public var loadMs: Double = 0
    /// Time from opening the file to a plan ready to run (load + passes + plan; not inspection,
    /// which is only for this report).
    public var openToReadyMs: Double = 0
    /// The default passes, or 0 when the file records them as applied (an optimised .spyglass).
    public var passesMs: Double = 0
    /// Where `Plan.init` spent `planMs`: shape inference, arena, kernel construction per kernel type.
    public var planShapesMs: Double = 0
    public var planArenaMs: Double = 0
    public var planKernelMs: [String: Double] = [:]
    /// Conv nodes that used packed weights stored in the file, and those packed while planning.
    public var prepackedNodes: Int = 0
    public var packedAtPlanNodes: Int = 0
    /// Resident set of this process before the model was opened (Swift runtime, libraries, OpenBLAS):
    /// `peakRSSBytes - baselineRSSBytes` is the model's share.
    public var baselineRSSBytes: Int = 0
    /// The model's own memory after the timed runs, without the code pages the process faults in on
    /// the way: anonymous memory grown since before opening (arena, workspace, packed weights made at
    /// plan time, weights read into the heap) plus the resident part of the mapped .spyglass file.
    public var modelAnonymousBytes: Int = 0
    public var modelFileResidentBytes: Int = 0
    /// The end-to-end detection pipeline on one image file, when asked for (`bench --image`).
    public var pipeline: PipelineReport? = nil
    public var arenaBytes: Int
    public var workspaceBytes: Int
    public var weightBytes: Int
    /// Peak resident set of this process after the timed runs (Linux VmHWM), bytes.
    public var peakRSSBytes: Int
    public var sgemm: [SgemmMeasurement]
}

public enum BenchError: Error, CustomStringConvertible {
    case noInput(String)
    case badOption(String)
    public var description: String {
        switch self {
        case .noInput(let m): return "model \(m) has no input"
        case .badOption(let m): return m
        }
    }
}

/// Times a model the way users run it: default passes (BN folded, activations fused), one plan,
/// warm-up runs, then `runs` timed forwards; per-layer times come from `Plan.lastNodeTimes`.
public enum Benchmarker {
    public struct Options {
        public var threads: Int
        public var runs: Int
        public var warmup: Int
        public var optimise: Bool
        /// Square sgemm sizes to measure for the GEMM ceiling (empty: skip).
        public var sgemmSizes: [Int]
        public var bindings: [String: Int]
        /// Images per forward: the input's leading dim is set to this (Darknet graphs are batch-agnostic).
        public var batch: Int
        /// Plan slices, reshapes and batch-1 concats as views (`RuntimeOptions.zeroCopyViews`).
        public var zeroCopyViews = true

        public init(threads: Int = 1, runs: Int = 30, warmup: Int = 3, optimise: Bool = true,
                    sgemmSizes: [Int] = [1024, 2048], bindings: [String: Int] = [:], batch: Int = 1) {
            self.threads = threads; self.runs = runs; self.warmup = warmup; self.optimise = optimise
            self.sgemmSizes = sgemmSizes; self.bindings = bindings; self.batch = batch
        }
    }

    public static func run(_ model: LoadedModel, input: Tensor? = nil, options: Options) throws -> BenchReport {
        try run(model.graph, name: model.sourceDescription, input: input, options: options)
    }

    /// Times `graph`; `name` labels the report.
    public static func run(_ loadedGraph: Graph, name: String, input: Tensor? = nil, options: Options) throws -> BenchReport {
        try run(loadedGraph, name: name, input: input, options: options, mappedFile: nil)
    }

    /// `mappedFile`: the .spyglass the graph was mapped from, whose resident pages count as the model's.
    static func run(_ loadedGraph: Graph, name: String, input: Tensor?, options: Options, mappedFile: String?) throws -> BenchReport {
        let model = LoadedModel(graph: loadedGraph, sourceDescription: name, darknet: nil)
        guard options.threads >= 1 else { throw BenchError.badOption("--threads must be at least 1") }
        guard options.runs >= 1 else { throw BenchError.badOption("--runs must be at least 1") }
        guard options.batch >= 1 else { throw BenchError.badOption("--batch must be at least 1") }
        let passesStart = DispatchTime.now().uptimeNanoseconds
        var graph = model.graph
        if options.batch != 1 {
            guard var first = graph.inputs.first, !first.type.shape.dims.isEmpty else { throw BenchError.noInput(model.sourceDescription) }
            if first.type.shape.dims[0] != .fixed(options.batch) {
                first.type.shape.dims[0] = .fixed(options.batch)
                graph.inputs[0] = first
                graph.appliedPasses = []  // a new fixed batch may let constant folding do more
            }
        }
        // An optimised .spyglass records its passes: nothing to redo (and no weight page touched).
        if options.optimise { _ = try PassManager(passes: PassManager.defaultPasses).runUnlessApplied(on: &graph) }

        let planStart = DispatchTime.now().uptimeNanoseconds
        let passesMs = Double(planStart - passesStart) / 1e6
        let plan = try Plan(graph: graph, bindings: options.bindings, options: RuntimeOptions(threads: options.threads, zeroCopyViews: options.zeroCopyViews))
        let planMs = Double(DispatchTime.now().uptimeNanoseconds - planStart) / 1e6
        // Reporting only, outside open-to-ready.
        let optimised = LoadedModel(graph: graph, sourceDescription: model.sourceDescription, darknet: nil)
        let inspection = try Inspector.inspect(optimised, bindings: options.bindings)
        guard let inputName = graph.inputs.first?.name, let shape = plan.shapes[inputName] else {
            throw BenchError.noInput(model.sourceDescription)
        }
        let x = try input ?? syntheticInput(shape: shape)
        let feeds = [inputName: x]

        for _ in 0..<max(0, options.warmup) { try plan.execute(feeds) }
        var totals = [Double](repeating: 0, count: options.runs)
        var nodeTimes = [[Double]](repeating: [], count: options.runs)
        for r in 0..<options.runs {
            let start = DispatchTime.now().uptimeNanoseconds
            try plan.execute(feeds)
            totals[r] = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            nodeTimes[r] = plan.lastNodeTimes
        }

        // Per layer: the median over runs of the summed time of the layer's nodes.
        var nodeIndex: [String: Int] = [:]
        for (i, n) in graph.nodes.enumerated() { nodeIndex[n.name] = i }
        var layers: [LayerTiming] = []
        let kernelNames = plan.kernelNames
        for row in inspection.layers {
            let indices = row.nodes.compactMap { nodeIndex[$0] }
            let perRun = nodeTimes.map { times in indices.reduce(0) { $0 + times[$1] } }
            let ms = TimingSummary(seconds: perRun).medianMs
            layers.append(LayerTiming(index: row.index, summary: row.summary, part: row.part, outputShape: row.outputShape,
                                      flops: row.flops, medianMs: ms, gflops: ms > 0 ? Double(row.flops) / ms / 1e6 : 0,
                                      isView: !indices.isEmpty && indices.allSatisfy(plan.viewNodes.contains),
                                      kernels: indices.map { kernelNames[$0] }.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }))
        }
        var parts: [PartTiming] = []
        for p in ["backbone", "neck", "head"] {
            let rows = layers.filter { $0.part == p }
            if !rows.isEmpty { parts.append(PartTiming(part: p, medianMs: rows.reduce(0) { $0 + $1.medianMs }, flops: rows.reduce(0) { $0 + $1.flops })) }
        }

        let timing = TimingSummary(seconds: totals)
        let peakRSS = peakResidentBytes()  // before the sgemm probe's 48 MiB of matrices
        let anonymous = statusBytes("RssAnon:"), fileResident = mappedFile.map(residentBytes(ofMappingsOf:)) ?? 0
        let sgemm = options.sgemmSizes.map { SgemmMeasurement(n: $0, threads: options.threads, gflops: BLASProbe.sgemmGFLOPS(n: $0, threads: options.threads)) }
        let weightBytes = graph.constants.values.reduce(0) { $0 + $1.storage.bytes.count }
        var report = BenchReport(
            model: model.sourceDescription, threads: options.threads, batch: shape.first ?? 1, input: shape,
            flops: inspection.totalFlops, timing: timing,
            gflops: timing.medianMs > 0 ? Double(inspection.totalFlops) / timing.medianMs / 1e6 : 0,
            imagesPerSecond: timing.medianMs > 0 ? Double(shape.first ?? 1) * 1000 / timing.medianMs : 0,
            layers: layers, parts: parts, planMs: planMs, arenaBytes: plan.arenaBytes, workspaceBytes: plan.workspaceBytes,
            weightBytes: weightBytes, peakRSSBytes: peakRSS, sgemm: sgemm)
        report.openToReadyMs = passesMs + planMs
        report.modelAnonymousBytes = anonymous
        report.modelFileResidentBytes = fileResident
        report.passesMs = passesMs
        report.planShapesMs = plan.timings.shapesMs
        report.planArenaMs = plan.timings.arenaMs
        report.planKernelMs = plan.timings.kernelMs
        report.prepackedNodes = plan.prepacking.reused.count
        report.packedAtPlanNodes = plan.prepacking.packed.count
        return report
    }

    /// Loads `paths` and times them (`loadMs`, and `openToReadyMs` including the load).
    public static func run(paths: [String], input: Tensor? = nil, options: Options) throws -> BenchReport {
        let baselineRSS = residentBytes(), baselineAnonymous = statusBytes("RssAnon:")
        let start = DispatchTime.now().uptimeNanoseconds
        let loaded = try ModelLoader.load(paths, allowMissingWeights: true)
        let loadMs = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        let mapped = paths.count == 1 && paths[0].hasSuffix(".spyglass") ? paths[0] : nil
        var report = try run(loaded.graph, name: loaded.sourceDescription, input: input, options: options, mappedFile: mapped)
        report.modelAnonymousBytes -= baselineAnonymous
        report.loadMs = loadMs
        report.openToReadyMs += loadMs
        report.baselineRSSBytes = baselineRSS
        return report
    }

    /// A reproducible input in [0, 1): the same values `Tests/Benchmarks/peers.py` feeds the other engines
    /// when no .npy is given (x[i] = frac(i · 0.6180339887)).
    public static func syntheticInput(shape: [Int]) throws -> Tensor {
        let count = shape.reduce(1, *)
        var data = [Float](repeating: 0, count: count)
        for i in 0..<count {
            let v = Double(i) * 0.6180339887498949
            data[i] = Float(v - v.rounded(.down))
        }
        return Tensor(shape: shape, data: data)
    }

    /// Peak resident set size of this process (VmHWM from /proc/self/status), 0 where unavailable.
    public static func peakResidentBytes() -> Int { statusBytes("VmHWM:") }

    /// Current resident set size of this process (VmRSS), 0 where unavailable.
    public static func residentBytes() -> Int { statusBytes("VmRSS:") }

    /// Resident bytes of this process's mappings of the file at `path` (from /proc/self/smaps).
    static func residentBytes(ofMappingsOf path: String) -> Int {
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/smaps") else { return 0 }
        defer { try? handle.close() }
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var inFile = false, total = 0
        for line in String(decoding: handle.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if let first = fields.first, first.contains("-"), !first.hasSuffix(":") {
                inFile = fields.count >= 6 && fields[5...].joined(separator: " ") == resolved
            } else if inFile, fields.first == "Rss:", fields.count >= 2, let kb = Int(fields[1]) {
                total += kb * 1024
            }
        }
        return total
    }

    static func statusBytes(_ key: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(key) {
            let digits = line.split(separator: " ").compactMap { Int($0) }
            if let kb = digits.first { return kb * 1024 }
        }
        return 0
    }
}

extension BenchReport {
    /// The per-layer table, slowest layers marked, then per-part and overall figures.
    public func table(top: Int = 0) -> String {
        func f(_ v: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", v) }
        func shape(_ s: [Int]) -> String { s.count == 4 ? "\(s[3])x\(s[2])x\(s[1])" : s.map(String.init).joined(separator: "x") }
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func rpad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
        var out = "model: \(model)  threads: \(threads)  batch: \(batch)  input: \(input)\n"
        out += "forward: min \(f(timing.minMs)) ms  median \(f(timing.medianMs)) ms  p90 \(f(timing.p90Ms)) ms  (\(timing.runs) runs)  "
        out += "\(f(Double(flops) / 1e9)) GFLOP → \(f(gflops, 1)) GFLOPS, \(f(imagesPerSecond, 1)) images/s\n"
        out += "open to ready: \(f(openToReadyMs)) ms (load \(f(loadMs)) ms, passes \(passesMs > 0 ? f(passesMs) + " ms" : "skipped"), plan \(f(planMs)) ms"
        let kernelTimes = planKernelMs.sorted { $0.value > $1.value }.prefix(4).map { "\($0.key) \(f($0.value))" }
        out += ": shapes \(f(planShapesMs)), arena \(f(planArenaMs)), kernels \(kernelTimes.joined(separator: ", ")) ms)\n"
        if prepackedNodes + packedAtPlanNodes > 0 {
            out += "packed weights: \(prepackedNodes) conv nodes from the file, \(packedAtPlanNodes) packed while planning\n"
        }
        if let p = pipeline {
            let stages = ["read+decode", "preprocess", "forward", "decode+nms"].map { "\($0) \(f(p.stagesMs[$0] ?? 0))" }
            out += "end to end on \(p.image): median \(f(p.total.medianMs)) ms (\(stages.joined(separator: ", ")) ms), \(p.detections) detections\n"
        }
        for s in sgemm { out += "sgemm n=\(s.n): \(f(s.gflops, 1)) GFLOPS (\(s.threads) threads); conv stack at \(f(100 * gflops / max(s.gflops, 1e-9), 0))% of it\n" }
        out += "plan \(f(planMs, 1)) ms, arena \(f(Double(arenaBytes) / 1048576, 1)) MiB, workspace \(f(Double(workspaceBytes) / 1048576, 1)) MiB, "
        out += "weights \(f(Double(weightBytes) / 1048576, 1)) MiB, peak RSS \(f(Double(peakRSSBytes) / 1048576, 1)) MiB\n"
        out += rssBudgetLine() + "\n"
        let total = max(layers.reduce(0) { $0 + $1.medianMs }, 1e-9)
        let hasParts = layers.contains { $0.part != nil }
        let header = rpad("#", 4) + "  " + pad("layer", 34) + " " + pad("output", 14) + " " + rpad("BFLOPs", 8) + " "
            + rpad("ms", 8) + " " + rpad("%", 5) + " " + rpad("GFLOPS", 7) + (hasParts ? "  " + pad("part", 8) : "") + "  kernel"
        out += header + "\n" + String(repeating: "-", count: header.count) + "\n"
        var rows = layers
        if top > 0 { rows = Array(rows.sorted { $0.medianMs > $1.medianMs }.prefix(top)) }
        for l in rows {
            let summary = l.isView ? String(l.summary.prefix(27)) + " (view)" : String(l.summary.prefix(34))
            out += rpad(String(l.index), 4) + "  " + pad(summary, 34) + " " + pad(shape(l.outputShape), 14) + " "
                + rpad(f(Double(l.flops) / 1e9, 3), 8) + " " + rpad(f(l.medianMs, 3), 8) + " " + rpad(f(100 * l.medianMs / total, 1), 5) + " "
                + rpad(l.flops > 0 ? f(l.gflops, 1) : "-", 7) + (hasParts ? "  " + pad(l.part ?? "-", 8) : "")
                + "  " + (l.isView ? "-" : l.kernels.joined(separator: "+")) + "\n"
        }
        out += String(repeating: "-", count: header.count) + "\n"
        for p in parts {
            out += "\(pad(p.part, 9)) \(rpad(f(p.medianMs), 9)) ms  \(rpad(f(Double(p.flops) / 1e9, 3), 7)) BFLOPs  \(f(p.medianMs > 0 ? Double(p.flops) / p.medianMs / 1e6 : 0, 1)) GFLOPS\n"
        }
        return out
    }

    /// Peak RSS against the budget 1.3 × weights + arena (+ workspace, which is scratch the kernels
    /// need like the arena), in total and as the model's share above the pre-open baseline.
    func rssBudgetLine() -> String {
        func mib(_ b: Int) -> String { String(format: "%.1f", Double(b) / 1048576) }
        let budget = Int(1.3 * Double(weightBytes)) + arenaBytes + workspaceBytes
        var line = "RSS budget 1.3 × weights + arena + workspace = \(mib(budget)) MiB: peak \(mib(peakRSSBytes)) MiB"
        line += String(format: " (%.2f×)", Double(peakRSSBytes) / Double(max(budget, 1)))
        if baselineRSSBytes > 0 {
            let share = peakRSSBytes - baselineRSSBytes
            line += "; before opening \(mib(baselineRSSBytes)) MiB, peak − that \(mib(share)) MiB"
            line += String(format: " (%.2f×)", Double(share) / Double(max(budget, 1)))
            let own = modelAnonymousBytes + modelFileResidentBytes
            line += "; the model's own: \(mib(own)) MiB"
            line += String(format: " (%.2f×", Double(own) / Double(max(budget, 1)))
            line += ": anonymous \(mib(modelAnonymousBytes)) + mapped file \(mib(modelFileResidentBytes)) MiB)"
        }
        return line + "\n"
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}
