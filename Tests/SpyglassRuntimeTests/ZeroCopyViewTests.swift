import SpyglassDarknet
import SpyglassIR
import SpyglassRuntime
import TestSupport
import XCTest

/// Batch-1 channel slices and reshapes planned as views, and producers writing straight into their
/// range of a batch-1 concat: the outputs must equal the copying plan bit for bit, at batch 1 (views)
/// and batch 2 (copies), including the awkward cases (a tensor concatenated twice, a concat that is a
/// graph output, a slice of a graph input, concat feeding concat).
final class ZeroCopyViewTests: XCTestCase {
    private var random = SeededRandom(seed: 11)
    private var constants: [String: ConstantTensor] = [:]

    private func conv(_ name: String, _ x: String, in c: Int, out o: Int, k: Int, _ act: Activation = .leaky) -> Node {
        let a = Conv2DAttributes(outChannels: o, kernelH: k, kernelW: k, padding: .symmetric(k / 2), activation: act)
        constants["\(name).w"] = ConstantTensor(floats: random.floats(o * c * k * k, -0.4...0.4), shape: [o, c, k, k])
        constants["\(name).b"] = ConstantTensor(floats: random.floats(o, -0.2...0.2), shape: [o])
        return Node(name: name, op: .conv2d(a), inputs: [x, "\(name).w", "\(name).b"], outputs: [name])
    }

    private func slice(_ name: String, _ x: String, _ range: Range<Int>) -> Node {
        Node(name: name, op: .slice(SliceAttributes(axis: 1, start: range.lowerBound, end: range.upperBound)), inputs: [x], outputs: [name])
    }

    private func concat(_ name: String, _ xs: [String]) -> Node {
        Node(name: name, op: .concat(ConcatAttributes(axis: 1)), inputs: xs, outputs: [name])
    }

    private func graph(_ name: String, channels: Int, size: Int, outputs: [String], nodes: [Node]) -> Graph {
        let input = ValueInfo(name: "x", type: TensorType(.float32, Shape([.symbolic("batch"), .fixed(channels), .fixed(size), .fixed(size)])))
        return Graph(name: name, inputs: [input], outputs: outputs, nodes: nodes, constants: constants)
    }

    /// YOLOv8's C2f: conv → split in two → bottleneck (two convs + residual add) on the second half →
    /// concat of both halves and the bottleneck → conv; then that concat concatenated again (concat
    /// feeding concat). Odd spatial size, so ranges are not 64-byte aligned.
    private func c2fGraph() -> Graph {
        constants = [:]
        let nodes = [
            conv("cv1", "x", in: 3, out: 8, k: 3),
            slice("y0", "cv1", 0..<4), slice("y1", "cv1", 4..<8),
            conv("m1", "y1", in: 4, out: 4, k: 1), conv("m2", "m1", in: 4, out: 4, k: 3),
            Node(name: "z", op: .add, inputs: ["m2", "y1"], outputs: ["z"]),
            concat("cat", ["y0", "y1", "z"]),
            conv("cv2", "cat", in: 12, out: 6, k: 1),
            concat("cat2", ["cat", "cv2"]),
        ]
        return graph("c2f", channels: 3, size: 11, outputs: ["cat2"], nodes: nodes)
    }

    /// A slice of the graph input, a tensor concatenated twice (and feeding a second concat), the
    /// graph input itself in a concat, concats that are graph outputs, a reshape; and a concat of
    /// one half of `e` whose other half is read after the concat (so `e` must not move into it: the
    /// concat copies `f` where `e`'s second half would be).
    private func awkwardGraph() -> Graph {
        constants = [:]
        let nodes = [
            slice("sx", "x", 1..<3),
            conv("c", "sx", in: 2, out: 3, k: 3),
            concat("twice", ["c", "c"]),
            concat("mixed", ["x", "c"]),
            conv("d", "mixed", in: 7, out: 2, k: 1, .linear),
            Node(name: "flat", op: .reshape(ReshapeAttributes(shape: [0, -1])), inputs: ["d"], outputs: ["flat"]),
            conv("e", "x", in: 4, out: 4, k: 1), slice("elo", "e", 0..<2),
            conv("f", "x", in: 4, out: 2, k: 3),
            concat("g", ["elo", "f"]),
            slice("ehi", "e", 2..<4), conv("h", "ehi", in: 2, out: 3, k: 3),
        ]
        return graph("awkward", channels: 4, size: 7, outputs: ["twice", "mixed", "flat", "g", "h"], nodes: nodes)
    }

    private func inputs(_ graph: Graph, batch: Int) -> [String: Tensor] {
        guard case .fixed(let c) = graph.inputs[0].type.shape.dims[1], case .fixed(let s) = graph.inputs[0].type.shape.dims[2] else { return [:] }
        let count = batch * c * s * s
        return ["x": Tensor(shape: [batch, c, s, s], data: Conformance.randomInput(count: count, seed: 5))]
    }

    /// Runs `graph` with views, without, and with the reference kernels; views must change nothing.
    private func assertViewsChangeNothing(_ graph: Graph, batch: Int, threads: Int = 1, file: StaticString = #filePath, line: UInt = #line) throws -> Plan {
        let feeds = inputs(graph, batch: batch)
        let viewing = try Plan(graph: graph, bindings: ["batch": batch], options: RuntimeOptions(threads: threads))
        let copying = try Plan(graph: graph, bindings: ["batch": batch], options: RuntimeOptions(threads: threads, zeroCopyViews: false))
        let reference = try Plan(graph: graph, bindings: ["batch": batch], options: RuntimeOptions(useReferenceKernels: true))
        XCTAssertTrue(copying.viewNodes.isEmpty, file: file, line: line)
        let expected = try copying.run(feeds), reference_ = try reference.run(feeds)
        // Twice: a second run must not read anything the first left behind.
        for _ in 0..<2 {
            let got = try viewing.run(feeds)
            for name in graph.outputs {
                XCTAssertEqual(got[name], expected[name], "\(name) at batch \(batch)", file: file, line: line)
                XCTAssertLessThanOrEqual(scaledError(got[name]?.data ?? [], reference_[name]?.data ?? [1]), 1e-5, name, file: file, line: line)
            }
        }
        return viewing
    }

    private func names(_ plan: Plan, _ graph: Graph) -> Set<String> { Set(plan.viewNodes.map { graph.nodes[$0].name }) }

    func testC2fSlicesAndConcatsAreViewsAtBatchOneAndEqualTheCopyingPlan() throws {
        let g = c2fGraph()
        for threads in [1, 2] {
            let plan = try assertViewsChangeNothing(g, batch: 1, threads: threads)
            XCTAssertEqual(names(plan, g), ["y0", "y1", "cat", "cat2"])
        }
    }

    func testC2fAtBatchTwoCopiesAndEqualsTheCopyingPlan() throws {
        let g = c2fGraph()
        let plan = try assertViewsChangeNothing(g, batch: 2)
        XCTAssertEqual(names(plan, g), [])
    }

    func testTwiceConcatenatedTensorGraphInputsAndOutputsAreCopiedWhereNeeded() throws {
        let g = awkwardGraph()
        let plan = try assertViewsChangeNothing(g, batch: 1)
        // The slices and the reshape are views; `c` feeds two concats (one twice: copied there), `x`
        // is a graph input, and `e` cannot move into `g`: those three concats copy some input.
        XCTAssertEqual(names(plan, g), ["sx", "flat", "elo", "ehi"])
        XCTAssertEqual(try plan.tensor(named: "x"), inputs(g, batch: 1)["x"])
        _ = try assertViewsChangeNothing(g, batch: 2)
    }

    func testKeptIntermediatesReadTheSameThroughViews() throws {
        let g = c2fGraph()
        let feeds = inputs(g, batch: 1)
        let viewing = try Plan(graph: g, bindings: ["batch": 1], options: RuntimeOptions(keepIntermediates: true))
        let copying = try Plan(graph: g, bindings: ["batch": 1], options: RuntimeOptions(keepIntermediates: true, zeroCopyViews: false))
        XCTAssertFalse(viewing.viewNodes.isEmpty)
        _ = try viewing.run(feeds)
        _ = try copying.run(feeds)
        for node in g.nodes { XCTAssertEqual(try viewing.tensor(named: node.name), try copying.tensor(named: node.name), node.name) }
    }

    func testYolov3TinyViewsDoNotGrowTheArena() throws {
        let graph = try DarknetImporter.load(cfg: Fixtures.cfg("yolov3-tiny"), weights: nil).graph
        let viewing = try Plan(graph: graph)
        let copying = try Plan(graph: graph, options: RuntimeOptions(zeroCopyViews: false))
        print("yolov3-tiny arena: \(Double(copying.arenaBytes) / 1048576) MiB copying, \(Double(viewing.arenaBytes) / 1048576) MiB with views")
        XCTAssertFalse(viewing.viewNodes.isEmpty)
        XCTAssertLessThanOrEqual(viewing.arenaBytes, copying.arenaBytes)
    }
}
