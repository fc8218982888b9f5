import CMallocCounter
import SpyglassDarknet
import SpyglassIR
import SpyglassRuntime
import TestSupport
import XCTest

/// After warm-up, a forward pass at one thread allocates nothing. At two, the only allocations left
/// are one small object per parallel loop: `withoutActuallyEscaping`, which hands a loop body to the
/// pool's threads, boxes the closure (measured: one allocation per call even at -O). Counted by
/// interposing malloc & co.
final class ForwardAllocationTests: XCTestCase {
    func testAPlannedForwardAllocatesNothingAtOneAndTwoThreads() throws {
        // At 416 (not smaller): OpenBLAS's small-matrix sgemm path allocates per call.
        let skeleton = try DarknetImporter.load(cfg: Fixtures.cfg("yolov3-tiny"), weights: nil)
        let text = try String(contentsOf: Fixtures.cfg("yolov3-tiny"), encoding: .utf8)
        let graph = try DarknetImporter.parse(cfgText: text, fileName: "yolov3-tiny.cfg",
                                             weights: randomDarknetWeights(for: skeleton, seed: 3)).graph
        for threads in [1, 2] {
            let plan = try Plan(graph: graph, options: RuntimeOptions(threads: threads))
            let name = graph.inputs[0].name
            let shape = try XCTUnwrap(plan.shapes[name])
            let feeds = [name: Tensor(shape: shape, data: Conformance.randomInput(count: shape.reduce(1, *), seed: 4))]
            for _ in 0..<2 { try plan.execute(feeds) }
            sg_malloc_count_start()
            for _ in 0..<3 { try plan.execute(feeds) }
            let calls = sg_malloc_count_stop()
            print("allocations per forward at \(threads) thread(s): \(Double(calls) / 3) (\(graph.nodes.count) nodes)")
            if threads == 1 {
                XCTAssertEqual(calls, 0, "allocations in 3 forward passes at 1 thread")
            } else {
                // A node runs at most two parallel loops (e.g. Winograd's input and output transforms).
                XCTAssertLessThanOrEqual(calls, 3 * 2 * graph.nodes.count, "allocations grew beyond one per parallel loop at \(threads) threads")
            }
        }
    }
}
