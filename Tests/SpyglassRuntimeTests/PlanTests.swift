import TestSupport
import SpyglassIR
import SpyglassRuntime
import XCTest

/// Planning and running: arena reuse, kept tensors, threads, errors.
final class PlanTests: XCTestCase {
    /// input → conv → leaky → maxpool → (conv 1×1, upsample) → concat: enough tensors for reuse.
    private func chainGraph(seed: UInt64 = 1) -> Graph {
        var r = SeededRandom(seed: seed)
        func conv(_ name: String, _ x: String, _ o: Int, _ c: Int, _ k: Int, _ act: Activation) -> (Node, [String: ConstantTensor]) {
            let a = Conv2DAttributes(outChannels: o, kernelH: k, kernelW: k, padding: .symmetric(k / 2), activation: act)
            return (Node(name: name, op: .conv2d(a), inputs: [x, "\(name).w", "\(name).b"], outputs: [name]),
                    ["\(name).w": ConstantTensor(floats: r.floats(o * c * k * k, -0.3...0.3), shape: [o, c, k, k]),
                     "\(name).b": ConstantTensor(floats: r.floats(o), shape: [o])])
        }
        let (c1, w1) = conv("c1", "x", 8, 3, 3, .leaky)
        let pool = Node(name: "p1", op: .maxPool(Pool2DAttributes(kernelH: 2, kernelW: 2, strideH: 2, strideW: 2)), inputs: ["c1"], outputs: ["p1"])
        let (c2, w2) = conv("c2", "p1", 4, 8, 1, .linear)
        let act = Node(name: "a2", op: .activation(.logistic), inputs: ["c2"], outputs: ["a2"])
        let up = Node(name: "u", op: .upsample(UpsampleAttributes(factor: 2)), inputs: ["a2"], outputs: ["u"])
        let cat = Node(name: "cat", op: .concat(ConcatAttributes(axis: 1)), inputs: ["u", "c1"], outputs: ["cat"])
        let (c3, w3) = conv("c3", "cat", 5, 12, 3, .relu)
        return Graph(name: "chain", inputs: [ValueInfo(name: "x", type: TensorType(.float32, Shape([.symbolic("batch"), .fixed(3), .fixed(12), .fixed(12)])))],
                     outputs: ["c3", "p1"], nodes: [c1, pool, c2, act, up, cat, c3],
                     constants: w1.merging(w2) { a, _ in a }.merging(w3) { a, _ in a })
    }

    private func input(batch: Int = 1, seed: UInt64 = 7) -> [String: Tensor] {
        var r = SeededRandom(seed: seed)
        return ["x": Tensor(shape: [batch, 3, 12, 12], data: r.floats(batch * 432, 0...1))]
    }

    func testRunningTwiceGivesIdenticalResults() throws {
        let plan = try Plan(graph: chainGraph(), bindings: ["batch": 1])
        let first = try plan.run(input())
        _ = try plan.run(input(seed: 99))
        let third = try plan.run(input())
        XCTAssertEqual(first, third)
        XCTAssertEqual(plan.lastNodeTimes.count, 7)
        XCTAssertTrue(plan.lastNodeTimes.allSatisfy { $0 >= 0 })
    }

    func testKeepingIntermediatesDoesNotChangeOutputsAndMakesThemReadable() throws {
        let reusing = try Plan(graph: chainGraph(), bindings: ["batch": 2])
        let keeping = try Plan(graph: chainGraph(), bindings: ["batch": 2], options: RuntimeOptions(keepIntermediates: true))
        XCTAssertEqual(try reusing.run(input(batch: 2)), try keeping.run(input(batch: 2)))
        XCTAssertThrowsError(try reusing.tensor(named: "a2")) { XCTAssertEqual($0 as? RuntimeError, .notKept("a2")) }
        XCTAssertEqual(try keeping.tensor(named: "a2").shape, [2, 4, 6, 6])
        XCTAssertEqual(try reusing.tensor(named: "p1").shape, [2, 8, 6, 6])  // an output is always readable
        XCTAssertEqual(try reusing.tensor(named: "x"), input(batch: 2)["x"])
        XCTAssertLessThan(reusing.arenaBytes, keeping.arenaBytes)
    }

    func testWholeGraphMatchesReferenceKernels() throws {
        let optimised = try Plan(graph: chainGraph(), bindings: ["batch": 2]).run(input(batch: 2))
        let reference = try Plan(graph: chainGraph(), bindings: ["batch": 2], options: RuntimeOptions(useReferenceKernels: true)).run(input(batch: 2))
        for name in ["c3", "p1"] {
            XCTAssertLessThanOrEqual(scaledError(optimised[name]?.data ?? [], reference[name]?.data ?? [1]), 1e-4, name)
        }
    }

    func testOneAndTwoThreadsAgree() throws {
        let one = try Plan(graph: chainGraph(), bindings: ["batch": 2], options: RuntimeOptions(threads: 1)).run(input(batch: 2))
        let two = try Plan(graph: chainGraph(), bindings: ["batch": 2], options: RuntimeOptions(threads: 2)).run(input(batch: 2))
        for name in ["c3", "p1"] {
            XCTAssertLessThanOrEqual(scaledError(two[name]?.data ?? [], one[name]?.data ?? [1]), 1e-5, name)
        }
    }

    func testShapesAreConcreteForEveryTensor() throws {
        let plan = try Plan(graph: chainGraph(), bindings: ["batch": 3])
        XCTAssertEqual(plan.shapes["x"], [3, 3, 12, 12])
        XCTAssertEqual(plan.shapes["cat"], [3, 12, 12, 12])
        XCTAssertEqual(plan.shapes["c1.w"], [8, 3, 3, 3])
        XCTAssertEqual(plan.inputNames, ["x"])
        XCTAssertEqual(plan.outputNames, ["c3", "p1"])
    }

    func testInputErrorsNameTheInput() throws {
        let plan = try Plan(graph: chainGraph(), bindings: ["batch": 1])
        XCTAssertThrowsError(try plan.run([:])) { XCTAssertEqual($0 as? RuntimeError, .missingInput("x")) }
        var extra = input()
        extra["y"] = Tensor(zeros: [1])
        XCTAssertThrowsError(try plan.run(extra)) { XCTAssertEqual($0 as? RuntimeError, .unknownInput("y")) }
        XCTAssertThrowsError(try plan.run(["x": Tensor(zeros: [1, 3, 12, 11])])) {
            XCTAssertEqual($0 as? RuntimeError, .inputShape(name: "x", expected: [1, 3, 12, 12], got: [1, 3, 12, 11]))
        }
        XCTAssertThrowsError(try plan.tensor(named: "nope")) { XCTAssertEqual($0 as? RuntimeError, .unknownTensor("nope")) }
        XCTAssertThrowsError(try plan.tensor(named: "c3")) { XCTAssertEqual($0 as? RuntimeError, .notRun) }
        XCTAssertThrowsError(try Plan(graph: chainGraph())) { error in XCTAssertTrue("\(error)".contains("batch"), "\(error)") }
    }

    func testAnIntegerConstantFedToAFloatOpIsATypeErrorNamingTheNode() {
        let graph = Graph(name: "g", inputs: [ValueInfo(name: "x", type: .float32([1, 2, 1, 1]))], outputs: ["y"],
                          nodes: [Node(name: "bias", op: .biasAdd, inputs: ["x", "b"], outputs: ["y"])],
                          constants: ["b": ConstantTensor(int64s: [1, 2], shape: [2])])
        XCTAssertThrowsError(try Plan(graph: graph)) { error in
            guard case .type(let node, let message)? = error as? IRError else { return XCTFail("\(error)") }
            XCTAssertTrue(node.contains("'bias'"), node)
            XCTAssertTrue(message.contains("int64"), message)
        }
    }

    func testIntegerAndBoolTensorsPassThroughDataMovementOpsUnchanged() throws {
        let graph = Graph(name: "g", inputs: [ValueInfo(name: "i", type: TensorType(.int64, Shape([2, 3]))),
                                              ValueInfo(name: "m", type: TensorType(.bool, Shape([2, 3])))],
                          outputs: ["t", "c", "s"],
                          nodes: [Node(name: "t", op: .transpose(TransposeAttributes(permutation: [1, 0])), inputs: ["i"], outputs: ["t"]),
                                  Node(name: "c", op: .concat(ConcatAttributes(axis: 1)), inputs: ["m", "m"], outputs: ["c"]),
                                  Node(name: "s", op: .slice(SliceAttributes(axis: 1, start: 1, end: 3)), inputs: ["i"], outputs: ["s"])])
        let big: Int64 = 1 << 40
        let feed = ["i": Tensor(shape: [2, 3], integers: [0, 1, 2, big, -big, 5]),
                    "m": Tensor(shape: [2, 3], integers: [1, 0, 1, 0, 0, 1], dtype: .bool)]
        for reference in [false, true] {
            let out = try Plan(graph: graph, options: RuntimeOptions(useReferenceKernels: reference)).run(feed)
            XCTAssertEqual(out["t"], Tensor(shape: [3, 2], integers: [0, big, 1, -big, 2, 5]))
            XCTAssertEqual(out["c"], Tensor(shape: [2, 6], integers: [1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 0, 1], dtype: .bool))
            XCTAssertEqual(out["s"], Tensor(shape: [2, 2], integers: [1, 2, -big, 5]))
        }
        let plan = try Plan(graph: graph)
        XCTAssertThrowsError(try plan.run(["i": Tensor(zeros: [2, 3]), "m": feed["m"]!])) {
            XCTAssertEqual($0 as? RuntimeError, .inputType(name: "i", expected: .int64, got: .float32))
        }
    }

    func testInt64ArithmeticBroadcastsAndTruncatesDivisionTowardZero() throws {
        let graph = Graph(name: "g", inputs: [ValueInfo(name: "a", type: TensorType(.int64, Shape([2, 2])))], outputs: ["d", "p"],
                          nodes: [Node(name: "d", op: .binary(BinaryAttributes(.div)), inputs: ["a", "b"], outputs: ["d"]),
                                  Node(name: "p", op: .binary(BinaryAttributes(.pow)), inputs: ["a", "e"], outputs: ["p"])],
                          constants: ["b": ConstantTensor(int64s: [2, -3], shape: [2]), "e": ConstantTensor(int64s: [3], shape: [1])])
        let out = try Plan(graph: graph).run(["a": Tensor(shape: [2, 2], integers: [7, 7, -7, 0])])
        XCTAssertEqual(out["d"]?.integers, [3, -2, -3, 0])
        XCTAssertEqual(out["p"]?.integers, [343, 343, -343, 0])
    }

    func testAConstantWithFewerBytesThanItsShapeIsRejected() {
        var short = ConstantTensor(floats: [1, 2], shape: [2])
        short.type = .float32([4])
        let graph = Graph(name: "g", inputs: [ValueInfo(name: "x", type: .float32([1, 4]))], outputs: ["y"],
                          nodes: [Node(name: "bias", op: .biasAdd, inputs: ["x", "b"], outputs: ["y"])], constants: ["b": short])
        XCTAssertThrowsError(try Plan(graph: graph)) { XCTAssertTrue("\($0)".contains("'b'") && "\($0)".contains("8 bytes"), "\($0)") }
    }

    func testWeightsThatAreNotConstantsAreUnsupportedForTheOptimisedConv() {
        let a = Conv2DAttributes(outChannels: 1, kernelH: 1, kernelW: 1)
        let graph = Graph(name: "g", inputs: [ValueInfo(name: "x", type: .float32([1, 1, 2, 2])), ValueInfo(name: "w", type: .float32([1, 1, 1, 1]))],
                          outputs: ["y"], nodes: [Node(name: "conv", op: .conv2d(a), inputs: ["x", "w"], outputs: ["y"])])
        XCTAssertThrowsError(try Plan(graph: graph)) { XCTAssertTrue("\($0)".contains("'conv'") && "\($0)".contains("weight"), "\($0)") }
        XCTAssertNoThrow(try Plan(graph: graph, options: RuntimeOptions(useReferenceKernels: true)))
    }
}
