import SpyglassIR
import SpyglassRuntime
import XCTest

/// Small cases worked out by hand from Darknet's C (reorg_cpu, shortcut_cpu, forward_maxpool_layer,
/// softmax, forward_yolo_layer, forward_region_layer), run through both kernel sets.
final class DarknetSemanticsTests: XCTestCase {
    private func run(_ op: Op, _ inputs: [([Int], [Float])]) throws -> [Tensor] {
        let g = SingleOpGraph(op, inputs.map { .values($0.0, $0.1) }, seed: 0)
        return [try g.run(reference: false), try g.run(reference: true)]
    }

    private func iota(_ n: Int, from start: Float = 0) -> [Float] { (0..<n).map { start + Float($0) } }

    func testReorgFollowsDarknetForwardZeroOverTheInputDims() throws {
        // w=h=2, c=4, stride 2 → out_c = 1; out[in_index] = x[w2 + 4·h2] with w2 = 2i + k%2, h2 = 2j + k/2.
        for y in try run(.reorg(ReorgAttributes(stride: 2)), [([1, 4, 2, 2], iota(16))]) {
            XCTAssertEqual(y.shape, [1, 16, 1, 1])
            XCTAssertEqual(y.data, [0, 2, 8, 10, 1, 3, 9, 11, 4, 6, 12, 14, 5, 7, 13, 15])
        }
    }

    func testReverseReorgIsDarknetForwardOneDepthToSpace() throws {
        for y in try run(.reorg(ReorgAttributes(stride: 2, reverse: true)), [([1, 4, 2, 2], iota(16))]) {
            XCTAssertEqual(y.shape, [1, 1, 4, 4])
            XCTAssertEqual(y.data, [0, 4, 1, 5, 8, 12, 9, 13, 2, 6, 3, 7, 10, 14, 11, 15])
        }
    }

    func testReorgRejectsChannelsNotDivisibleByStrideSquared() {
        let g = SingleOpGraph(.reorg(ReorgAttributes(stride: 2)), [.input([1, 6, 4, 4])], seed: 0)
        for reference in [false, true] {
            XCTAssertThrowsError(try g.run(reference: reference)) { error in
                XCTAssertTrue("\(error)".contains("'op'"), "\(error)")
            }
        }
    }

    func testShortcutFromALargerLayerSamplesWithStride() throws {
        // x 2×2×2, from 3×4×4: stride 2, sample 1, two channels overlap.
        let op = Op.shortcut(ShortcutAttributes(alpha: 1, beta: 2))
        for y in try run(op, [([1, 2, 2, 2], iota(8)), ([1, 3, 4, 4], iota(48, from: 100))]) {
            XCTAssertEqual(y.data, [200, 205, 218, 223, 236, 241, 254, 259])
        }
    }

    func testShortcutFromASmallerLayerWritesEverySampleCell() throws {
        // x 3×4×4 zeros, from 2×2×2 = 1…8: sample 2; channel 2 of x stays as it was.
        let op = Op.shortcut(ShortcutAttributes(alpha: 1, beta: 1, activation: .leaky))
        var expected = [Float](repeating: 0, count: 48)
        for k in 0..<2 { for j in 0..<2 { for i in 0..<2 { expected[k * 16 + j * 2 * 4 + i * 2] = Float(1 + k * 4 + j * 2 + i) } } }
        expected[32] = -0.1  // channel 2 is only activated
        var x = [Float](repeating: 0, count: 48)
        x[32] = -1
        for y in try run(op, [([1, 3, 4, 4], x), ([1, 2, 2, 2], iota(8, from: 1))]) {
            assertClose(y.data, expected)
        }
    }

    func testMaxPoolPaddingNeverWinsOverNegativeValues() throws {
        // Darknet size=2 stride=1: padding 1 in total, all of it bottom/right.
        let a = Pool2DAttributes(kernelH: 2, kernelW: 2, strideH: 1, strideW: 1, padding: Padding2D(top: 0, left: 0, bottom: 1, right: 1))
        for y in try run(.maxPool(a), [([1, 1, 2, 2], [-1, -2, -3, -4])]) {
            XCTAssertEqual(y.data, [-1, -2, -3, -4])
        }
        // size=3 stride=2 padding=2 (Darknet default size-1): window origin at (-1, -1).
        let b = Pool2DAttributes(kernelH: 3, kernelW: 3, strideH: 2, strideW: 2, padding: .symmetric(1))
        for y in try run(.maxPool(b), [([1, 1, 3, 3], iota(9, from: 1).map { -$0 })]) {
            XCTAssertEqual(y.data, [-1, -2, -4, -5])
        }
    }

    func testSoftmaxSplitsEachItemIntoContiguousGroups() throws {
        for y in try run(.softmax(SoftmaxAttributes(axis: 1, groups: 2)), [([1, 4], [1, 2, 3, 5])]) {
            assertClose(y.data, [0.2689414, 0.7310586, 0.1192029, 0.8807971])
        }
        for y in try run(.softmax(SoftmaxAttributes(axis: 1, groups: 1, temperature: 2)), [([1, 2], [0, 2])]) {
            assertClose(y.data, [0.2689414, 0.7310586])
        }
    }

    func testYoloAppliesLogisticToXYObjectnessAndClassesOnly() throws {
        let a = YoloAttributes(classes: 1, anchors: [10, 13], mask: [0], networkWidth: 32, networkHeight: 32)
        for y in try run(.yolo(a), [([1, 6, 1, 1], [0, 1, 2, 3, 0, -1])]) {
            assertClose(y.data, [0.5, 0.7310586, 2, 3, 0.5, 0.2689414])
        }
    }

    func testRegionSoftmaxesClassesAcrossEntries() throws {
        let a = RegionAttributes(classes: 2, coords: 4, num: 1, anchors: [1, 1], softmax: true, background: false,
                                 biasMatch: false, networkWidth: 32, networkHeight: 32)
        // Two locations, so the softmax must run across channels, not along the plane.
        let x: [Float] = [0, 0, 1, 1, 2, 2, 3, 3, 0, 2, 1, 0, 3, 0]
        for y in try run(.region(a), [([1, 7, 1, 2], x)]) {
            assertClose(y.data, [0.5, 0.5, 0.7310586, 0.7310586, 2, 2, 3, 3, 0.5, 0.8807971, 0.1192029, 0.5, 0.8807971, 0.5])
        }
    }

    func testDetectionSoftmaxesEachLocationsClassBlock() throws {
        let a = DetectionAttributes(classes: 2, coords: 4, side: 1, num: 1, sqrt: true, softmax: true, networkWidth: 32, networkHeight: 32)
        for y in try run(.detection(a), [([1, 7], [1, 3, 5, 6, 7, 8, 9])]) {
            assertClose(y.data, [0.1192029, 0.8807971, 5, 6, 7, 8, 9])
        }
    }

    func testBatchNormEpsilonPlacement() throws {
        // x = 3, mean 1, var 4, scale 2, bias 0.5, eps 1: afterSqrt → 2/(2+1)·2 + 0.5; insideSqrt → 2/√5·2 + 0.5.
        for (placement, expected) in [(EpsilonPlacement.afterSqrt, Float(2.0 / 3.0 * 2 + 0.5)), (.insideSqrt, Float(2 / 5.0.squareRoot() * 2 + 0.5))] {
            let op = Op.batchNorm(BatchNormAttributes(epsilon: 1, placement: placement))
            for reference in [false, true] {
                let x = ValueInfo(name: "x", type: .float32([1, 1, 1, 1]))
                var constants: [String: ConstantTensor] = [:]
                for (name, v) in [("s", Float(2)), ("b", 0.5), ("m", 1), ("v", 4)] { constants[name] = ConstantTensor(floats: [v], shape: [1]) }
                let graph = Graph(name: "bn", inputs: [x], outputs: ["y"],
                                  nodes: [Node(name: "bn", op: op, inputs: ["x", "s", "b", "m", "v"], outputs: ["y"])], constants: constants)
                let plan = try Plan(graph: graph, options: RuntimeOptions(useReferenceKernels: reference))
                assertClose(try plan.run(["x": Tensor(shape: [1, 1, 1, 1], data: [3])])["y"]?.data ?? [], [expected])
            }
        }
    }
}
