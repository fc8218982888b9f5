import TestSupport
import SpyglassIR
@testable import SpyglassRuntime
import XCTest

/// matMul, convTranspose and the N-D pool: optimised kernels against their reference kernels on
/// seeded random shapes and attributes, plus a few values worked out by hand.
final class LinalgKernelTests: XCTestCase {
    func testMatMulMatchesReferenceAcrossRanksAndBroadcasts() throws {
        let cases: [([Int], [Int])] = [([3, 4], [4, 5]), ([4], [4, 2]), ([3, 4], [4]), ([4], [4]), ([2, 3, 4], [4, 5]),
                                      ([3, 1, 2, 4], [1, 5, 4, 3]), ([2, 4], [3, 4, 1]), ([1, 2, 3, 4], [4])]
        for (i, (a, b)) in cases.enumerated() {
            try assertOptimisedMatchesReference(.matMul, [.input(a), .input(b)], seed: UInt64(i + 1))
        }
    }

    func testMatMulOfOneDimensionalOperandsIsTheirDotProduct() throws {
        let y = try SingleOpGraph(.matMul, [.values([3], [1, 2, 3]), .values([3], [4, 5, 6])], seed: 1).run(reference: false)
        XCTAssertEqual(y.shape, [])
        XCTAssertEqual(y.data, [32])
    }

    func testConvTransposeMatchesReferenceOnRandomGeometries() throws {
        for seed in UInt64(1)...16 {
            var r = SeededRandom(seed: seed)
            let rank = r.int(1...3), groups = [1, 1, 2][r.int(0...2)]
            let c = groups * r.int(1...3), og = r.int(1...3)
            let kernel = (0..<rank).map { _ in r.int(1...3) }, strides = (0..<rank).map { _ in r.int(1...3) }
            let dilations = (0..<rank).map { _ in r.int(1...2) }
            let begin = (0..<rank).map { _ in r.int(0...1) }, end = (0..<rank).map { _ in r.int(-1...1) }
            let spatial = (0..<rank).map { _ in r.int(2...(rank == 3 ? 4 : 6)) }
            let a = ConvTransposeAttributes(outChannels: og * groups, kernel: kernel, strides: strides, dilations: dilations,
                                            padsBegin: begin, padsEnd: end, groups: groups)
            var operands: [Operand] = [.input([r.int(1...2), c] + spatial), .constant([c, og] + kernel)]
            if r.bool() { operands.append(.constant([og * groups])) }
            try assertOptimisedMatchesReference(.convTranspose(a), operands, seed: seed, threads: 2)
        }
    }

    func testConvTransposeSpreadsEachInputOverTheStridedOutput() throws {
        // 1-D, one channel: x = [1, 2], w = [1, 10], stride 2 → [1, 10, 2, 20].
        let a = ConvTransposeAttributes(outChannels: 1, kernel: [2], strides: [2], dilations: [1], padsBegin: [0], padsEnd: [0])
        for reference in [true, false] {
            var g = SingleOpGraph(.convTranspose(a), [.values([1, 1, 2], [1, 2])], seed: 1)
            g.graph.constants["w"] = ConstantTensor(floats: [1, 10], shape: [1, 1, 2])
            g.graph.nodes[0].inputs.append("w")
            XCTAssertEqual(try g.run(reference: reference).data, [1, 10, 2, 20])
        }
    }

    func testPoolMatchesReferenceOnRandomWindows() throws {
        for seed in UInt64(1)...24 {
            var r = SeededRandom(seed: seed)
            let rank = r.int(1...3)
            let kernel = (0..<rank).map { _ in r.int(1...3) }, dilations = (0..<rank).map { _ in r.int(1...2) }
            let begin = (0..<rank).map { kernel[$0] > 1 ? r.int(0...1) : 0 }, end = (0..<rank).map { kernel[$0] > 1 ? r.int(0...1) : 0 }
            let spatial = (0..<rank).map { dilations[$0] * (kernel[$0] - 1) + 1 + r.int(0...3) }
            let a = PoolAttributes(mode: r.bool() ? .max : .average, kernel: kernel, strides: (0..<rank).map { _ in r.int(1...3) },
                                   dilations: dilations, padsBegin: begin, padsEnd: end, ceilMode: r.bool(), countIncludePad: r.bool())
            try assertOptimisedMatchesReference(.pool(a), [.input([r.int(1...2), r.int(1...3)] + spatial)], seed: seed, threads: 2)
        }
    }

    func testMaxPoolIndicesAgreeAndFollowStorageOrder() throws {
        for columnMajor in [false, true] {
            let a = PoolAttributes(mode: .max, kernel: [2, 2], strides: [2, 2], dilations: [1, 1], padsBegin: [0, 0], padsEnd: [1, 1],
                                   producesIndices: true, columnMajorIndices: columnMajor)
            var results: [[Int64]] = []
            for reference in [true, false] {
                let input = ValueInfo(name: "x", type: .float32([2, 1, 3, 3]))
                let node = Node(name: "pool", op: .pool(a), inputs: ["x"], outputs: ["y", "i"])
                let graph = Graph(name: "pool", inputs: [input], outputs: ["y", "i"], nodes: [node], constants: [:])
                let plan = try Plan(graph: graph, options: RuntimeOptions(threads: 1, useReferenceKernels: reference))
                // Each plane increases row-major, so every window's maximum is its last cell inside the input.
                let out = try plan.run(["x": Tensor(shape: [2, 1, 3, 3], data: (0..<18).map(Float.init))])
                XCTAssertEqual(out["y"]?.data, [4, 5, 7, 8, 13, 14, 16, 17])
                results.append(out["i"]?.integers ?? [])
            }
            XCTAssertEqual(results[0], results[1])
            XCTAssertEqual(results[0], columnMajor ? [4, 7, 5, 8, 13, 16, 14, 17] : [4, 5, 7, 8, 13, 14, 16, 17])
        }
    }

    func testUInt8MaxPoolKeepsItsElementType() throws {
        let a = PoolAttributes(mode: .max, kernel: [2], strides: [1], dilations: [1], padsBegin: [0], padsEnd: [0])
        for reference in [true, false] {
            let input = ValueInfo(name: "x", type: TensorType(.uint8, Shape([1, 1, 4])))
            let graph = Graph(name: "pool", inputs: [input], outputs: ["y"],
                              nodes: [Node(name: "pool", op: .pool(a), inputs: ["x"], outputs: ["y"])], constants: [:])
            let plan = try Plan(graph: graph, options: RuntimeOptions(threads: 1, useReferenceKernels: reference))
            let y = try plan.run(["x": Tensor(shape: [1, 1, 4], integers: [3, 250, 7, 9], dtype: .uint8)])["y"]
            XCTAssertEqual(y?.dtype, .uint8)
            XCTAssertEqual(y?.integers, [250, 250, 9])
        }
    }
}
