import SpyglassDarknet
import SpyglassIR
import SpyglassRuntime
import TestSupport
import CMallocCounter
import Foundation
import XCTest

/// After warm-up, a forward pass allocates nothing, at one thread and at two: a parallel loop hands
/// its body to the pool's threads as a context-free closure plus its values (`ParallelLoop`'s
/// `state`), both on the caller's stack. Counted by interposing malloc & co. on the forward's own
/// threads (the caller and the pool's workers), not on threads earlier tests left running. The
/// YOLOv8-style kernels get the same check in `YOLOv8StyleForwardAllocationTests` (SpyglassONNXTests).
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

    func testTheCounterCountsPoolWorkersAllocationsAndOnlyReportsOtherThreads() throws {
        // Each block of a 2-thread loop allocates once (or not, for the baseline: this test module is
        // not optimised, so the loop call itself allocates here) and sleeps a little, so the worker
        // takes some blocks. All the blocks' calls are counted, whichever thread ran them.
        let count = 16
        let loop = ParallelLoop(threads: 2)
        var onWorker = [Int](repeating: 0, count: count)
        func run(allocating: Bool) -> (counted: Int, others: String) {
            allocationCalls {
                onWorker.withUnsafeMutableBufferPointer { onWorker in
                    loop.forEach(count, (onWorker.baseAddress, allocating)) { state, range in
                        if state.1 { free(malloc(64)) }
                        usleep(2_000)
                        let worker = Int(sg_thread_is_pool_worker())
                        for i in range { state.0?[i] += worker }
                    }
                }
            }
        }
        _ = run(allocating: false); _ = run(allocating: true)  // one-time costs (type metadata) first
        let baseline = run(allocating: false), allocating = run(allocating: true)
        XCTAssertGreaterThan(onWorker.reduce(0, +), 0, "the pool's worker ran none of the loop")
        XCTAssertEqual(allocating.counted - baseline.counted, ParallelLoop.blocksPerThread * 2, "one counted call per block, on either thread")
        XCTAssertEqual(allocating.others, "")

        // A thread outside the pool allocates 5 times: tallied apart (by name, which it takes only
        // once it runs, after its first allocations), not counted.
        let outside = allocationCalls {
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                for _ in 0..<5 { free(malloc(64)) }
                done.signal()
            }
            thread.start()
            done.wait()
        }
        let othersCalls = outside.others.split(separator: ",").compactMap { $0.split(separator: " ").last.flatMap { Int($0) } }
        XCTAssertGreaterThanOrEqual(othersCalls.reduce(0, +), 5, "the outside thread's calls are tallied apart: \(outside.others)")
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
