import SpyglassIR
import SpyglassKit
import SpyglassRuntime
import XCTest

/// `spyglass bench`'s statistics and report, on hand-computed numbers and a tiny model.
final class BenchmarkingTests: XCTestCase {
    func testTimingSummaryUsesNearestRankP90AndTheMiddleMedian() {
        // 10 runs of 1…10 ms: median (5 + 6) / 2, nearest-rank p90 = the 9th value.
        let summary = TimingSummary(seconds: (1...10).reversed().map { Double($0) / 1000 })
        XCTAssertEqual(summary.runs, 10)
        XCTAssertEqual(summary.minMs, 1, accuracy: 1e-9)
        XCTAssertEqual(summary.medianMs, 5.5, accuracy: 1e-9)
        XCTAssertEqual(summary.p90Ms, 9, accuracy: 1e-9)
        XCTAssertEqual(summary.meanMs, 5.5, accuracy: 1e-9)
        XCTAssertEqual(summary.samplesMs.map { $0.rounded() }, (1...10).reversed().map(Double.init), "every run, in run order")
        let odd = TimingSummary(seconds: [0.003, 0.001, 0.002])
        XCTAssertEqual(odd.medianMs, 2, accuracy: 1e-9)
        XCTAssertEqual(odd.p90Ms, 3, accuracy: 1e-9)
    }

    func testSyntheticInputIsTheGoldenRatioSequence() throws {
        let x = try Benchmarker.syntheticInput(shape: [1, 1, 1, 3])
        XCTAssertEqual(x.data[0], 0)
        XCTAssertEqual(x.data[1], 0.618034, accuracy: 1e-6)
        XCTAssertEqual(x.data[2], 0.236068, accuracy: 1e-6)  // frac(1.236068)
    }

    func testReportCoversEveryLayerAndCountsTheModelsFlops() throws {
        // conv 2→4 3×3 on 5×5 (pad 1): 2·4·9·25·2 = 3600 FLOPs (+ bias), then a maxpool.
        let conv = Node(name: "conv", op: .conv2d(Conv2DAttributes(outChannels: 4, kernelH: 3, kernelW: 3, padding: .symmetric(1), activation: .leaky)),
                        inputs: ["x", "w"], outputs: ["y"])
        let pool = Node(name: "pool", op: .maxPool(Pool2DAttributes(kernelH: 2, kernelW: 2, strideH: 2, strideW: 2)), inputs: ["y"], outputs: ["z"])
        let graph = Graph(name: "tiny", inputs: [ValueInfo(name: "x", type: .float32([1, 2, 5, 5]))], outputs: ["z"], nodes: [conv, pool],
                          constants: ["w": ConstantTensor(floats: [Float](repeating: 0.1, count: 72), shape: [4, 2, 3, 3])])
        let report = try Benchmarker.run(graph, name: "tiny", options: .init(threads: 1, runs: 3, warmup: 1, sgemmSizes: []))
        XCTAssertEqual(report.timing.runs, 3)
        XCTAssertEqual(report.layers.count, 2)
        XCTAssertEqual(report.layers[0].flops, 3600)
        XCTAssertEqual(report.input, [1, 2, 5, 5])
        XCTAssertTrue(report.sgemm.isEmpty)
        XCTAssertGreaterThan(report.peakRSSBytes, 0)
        XCTAssertTrue(report.table().contains("conv 4 3x3/1 leaky"))
        // Which kernel ran each layer (the op for generic kernels): 25 output positions are too few for row
        // bands; the direct kernel takes small maps where the CPU has AVX-512, else the GEMM's channel split.
        let geometry = ConvGeometry(input: [1, 2, 5, 5], output: [1, 4, 5, 5], attributes: Conv2DAttributes(
            outChannels: 4, kernelH: 3, kernelW: 3, padding: .symmetric(1), activation: .leaky))
        let convKernel = DirectConvolution.supports(geometry) ? "Direct" : "Tiled"
        XCTAssertEqual(report.layers.map(\.kernels), [[convKernel], ["maxPool"]])
        XCTAssertTrue(report.table().contains("  \(convKernel)\n"))
        XCTAssertThrowsError(try Benchmarker.run(graph, name: "tiny", options: .init(threads: 0)))
    }

    func testConcatWrittenInPlaceIsMarkedAsAViewUnlessViewsAreOff() throws {
        let conv = Node(name: "conv", op: .conv2d(Conv2DAttributes(outChannels: 4, kernelH: 1, kernelW: 1)), inputs: ["x", "w"], outputs: ["y"])
        let pool = Node(name: "pool", op: .maxPool(Pool2DAttributes(kernelH: 1, kernelW: 1, strideH: 1, strideW: 1)), inputs: ["x"], outputs: ["p"])
        let cat = Node(name: "cat", op: .concat(ConcatAttributes(axis: 1)), inputs: ["y", "p"], outputs: ["z"])
        let graph = Graph(name: "cat", inputs: [ValueInfo(name: "x", type: .float32([1, 2, 5, 5]))], outputs: ["z"], nodes: [conv, pool, cat],
                          constants: ["w": ConstantTensor(floats: [Float](repeating: 0.1, count: 8), shape: [4, 2, 1, 1])])
        var options = Benchmarker.Options(threads: 1, runs: 2, warmup: 1, sgemmSizes: [])
        let viewing = try Benchmarker.run(graph, name: "cat", options: options)
        XCTAssertEqual(viewing.layers.map(\.isView), [false, false, true])
        XCTAssertTrue(viewing.table().contains("(view)"))
        options.zeroCopyViews = false
        let copying = try Benchmarker.run(graph, name: "cat", options: options)
        XCTAssertEqual(copying.layers.map(\.isView), [false, false, false])
        XCTAssertFalse(copying.table().contains("(view)"))
    }
}
