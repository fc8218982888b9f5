import SpyglassDarknet
import SpyglassIR
import SpyglassRuntime
import TestSupport
import XCTest

/// After warm-up, a forward pass allocates nothing, at one thread and at two: a parallel loop hands
/// its body to the pool's threads as a context-free closure plus its values (`ParallelLoop`'s
/// `state`), both on the caller's stack. Counted by interposing malloc & co. The YOLOv8-style
/// kernels get the same check in `YOLOv8StyleForwardAllocationTests` (SpyglassONNXTests).
final class ForwardAllocationTests: XCTestCase {
    func testAPlannedForwardAllocatesNothingAtOneAndTwoThreads() throws {
        // At 416 (not smaller): OpenBLAS's small-matrix sgemm path allocates per call.
        let skeleton = try DarknetImporter.load(cfg: Fixtures.cfg("yolov3-tiny"), weights: nil)
        let text = try String(contentsOf: Fixtures.cfg("yolov3-tiny"), encoding: .utf8)
        let graph = try DarknetImporter.parse(cfgText: text, fileName: "yolov3-tiny.cfg",
                                             weights: randomDarknetWeights(for: skeleton, seed: 3)).graph
        // Batch 4 at 2 threads: the whole-items-per-thread paths (Tiled's and Winograd's `runItems`).
        for (threads, batch) in [(1, 1), (2, 1), (2, 4)] {
            var batched = graph
            batched.inputs[0].type.shape.dims[0] = .fixed(batch)
            let plan = try Plan(graph: batched, options: RuntimeOptions(threads: threads))
            let name = graph.inputs[0].name
            let shape = try XCTUnwrap(plan.shapes[name])
            let feeds = [name: Tensor(shape: shape, data: Conformance.randomInput(count: shape.reduce(1, *), seed: 4))]
            let calls = try forwardAllocations(plan, feeds)
            print("allocations per forward at \(threads) thread(s), batch \(batch): \(Double(calls) / 3) (\(graph.nodes.count) nodes)")
            XCTAssertEqual(calls, 0, "allocations in 3 forward passes at \(threads) thread(s), batch \(batch)")
        }
    }

    func testKernelsOutsideTheTwoModelsAllocateNothingInTheirParallelPath() throws {
        // Sizes past each kernel's grain, so two threads split the loop. Unary keeps a closure in its
        // loop state, reduce is generic over the element type: the two ways a loop could still allocate.
        let cases: [(Op, [Int])] = [
            (.softmax(SoftmaxAttributes(axis: 1)), [64, 1024]),
            (.globalAvgPool, [1, 64, 32, 32]),
            (.unary(UnaryAttributes(.neg)), [1, 16, 64, 64]),
            (.reduce(ReduceAttributes(.sum, axes: [3], keepDims: true)), [1, 16, 64, 64]),
        ]
        for (op, shape) in cases {
            let g = SingleOpGraph(op, [.input(shape)], seed: 9)
            let plan = try Plan(graph: g.graph, options: RuntimeOptions(threads: 2))
            XCTAssertEqual(try forwardAllocations(plan, g.inputs), 0, "allocations in 3 runs of \(op) at 2 threads")
        }
    }
}
