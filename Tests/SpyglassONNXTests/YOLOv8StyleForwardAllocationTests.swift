import Foundation
import SpyglassIR
import SpyglassONNX
import SpyglassPasses
import SpyglassRuntime
import TestSupport
import XCTest

/// `ForwardAllocationTests` for the YOLOv8-style kernels: band convolutions, swish, add, split/concat
/// views, a 5×5 max pool, nearest upsampling, transpose, sigmoid and sub/mul/div. After warm-up, a
/// forward pass of the YOLOv8-shaped test model (YOLOv8StyleModel, default passes as `spyglass bench`
/// runs it) allocates nothing at one thread and at two.
final class YOLOv8StyleForwardAllocationTests: XCTestCase {
    func testAYOLOv8StyleForwardAllocatesNothingAtOneAndTwoThreads() throws {
        try PythonReference.require()
        let dir = try Fixtures.temporaryDirectory("onnx-alloc-v8")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("yolov8-style.onnx")
        // At 768 (width 1, still small) every listed kernel runs its parallel path at two threads:
        // the decode's sub/mul/div and the class sigmoid (3 × 11520 anchors) are past their grain.
        let size = 768
        try PythonReference.run(YOLOv8StyleModel.script, [url.path, "--size", "\(size)"], in: dir)
        var graph = try ONNXImporter.load(contentsOf: url, bindings: ["batch": 1])
        _ = try PassManager(passes: PassManager.defaultPasses).run(on: &graph)

        let shape = [1, 3, size, size]
        let feeds = ["images": Tensor(shape: shape, data: Conformance.randomInput(count: shape.reduce(1, *), seed: 5))]
        for threads in [1, 2] {
            let plan = try Plan(graph: graph, options: RuntimeOptions(threads: threads))
            let kernels = Set(plan.kernelNames)
            for kernel in ["band", "activation", "add", "binary", "upsample", "transpose", "pool"] {
                XCTAssertTrue(kernels.contains { $0.lowercased().contains(kernel) }, "expected a \(kernel) kernel in \(kernels.sorted())")
            }
            XCTAssertFalse(plan.viewNodes.isEmpty, "split/concat planned as views")
            let calls = try forwardAllocations(plan, feeds)
            print("yolov8-style: allocations per forward at \(threads) thread(s): \(Double(calls) / 3) (\(graph.nodes.count) nodes; kernels \(kernels.sorted()))")
            XCTAssertEqual(calls, 0, "allocations in 3 forward passes at \(threads) thread(s)")
        }
    }
}
