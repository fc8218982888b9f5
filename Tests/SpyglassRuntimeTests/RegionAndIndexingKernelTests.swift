import TestSupport
import SpyglassIR
import SpyglassRuntime
import XCTest

/// The box/roi ops and the indexing ops: optimised kernels against the reference kernels on seeded
/// random inputs (integer outputs compared exactly), plus hand-computed cases.
final class RegionAndIndexingKernelTests: XCTestCase {
    /// One node over typed inputs (graph inputs) and constants; returns its output and run shape.
    private func run(_ op: Op, inputs: [(String, Tensor)], constants: [String: ConstantTensor] = [:], order: [String],
                     reference: Bool, threads: Int = 1) throws -> Tensor {
        let infos = inputs.map { ValueInfo(name: $0.0, type: TensorType($0.1.dtype, Shape($0.1.shape))) }
        let graph = Graph(name: "one", inputs: infos, outputs: ["y"], nodes: [Node(name: "op", op: op, inputs: order, outputs: ["y"])],
                          constants: constants)
        let plan = try Plan(graph: graph, options: RuntimeOptions(threads: threads, useReferenceKernels: reference))
        guard let y = try plan.run(Dictionary(uniqueKeysWithValues: inputs))["y"] else { throw RuntimeError.notKept("y") }
        return y
    }

    private func assertSame(_ op: Op, inputs: [(String, Tensor)], constants: [String: ConstantTensor] = [:], order: [String],
                            tolerance: Float = 1e-5, file: StaticString = #filePath, line: UInt = #line) throws {
        let ref = try run(op, inputs: inputs, constants: constants, order: order, reference: true)
        let opt = try run(op, inputs: inputs, constants: constants, order: order, reference: false, threads: 2)
        XCTAssertEqual(opt.shape, ref.shape, "\(op)", file: file, line: line)
        XCTAssertEqual(opt.dtype, ref.dtype, file: file, line: line)
        XCTAssertEqual(opt.integers, ref.integers, "\(op)", file: file, line: line)
        XCTAssertLessThanOrEqual(scaledError(opt.data, ref.data), tolerance, "\(op)", file: file, line: line)
    }

    // MARK: NonMaxSuppression

    func testNonMaxSuppressionOptimisedSelectsTheSameBoxesAsReference() throws {
        for seed in UInt64(1)...12 {
            var r = SeededRandom(seed: seed)
            let n = r.int(1...2), c = r.int(1...3), b = r.int(1...40)
            // Few distinct scores so ties (broken by box index) happen.
            let scores = (0..<(n * c * b)).map { _ in Float(r.int(0...6)) / 6 }
            let centre = r.bool()
            let boxes = (0..<(n * b)).flatMap { _ -> [Float] in
                let a = r.float(0...10), bb = r.float(0...10), w = r.float(0...4), h = r.float(0...4)
                return centre ? [a, bb, w, h] : (r.bool() ? [a, bb, a + h, bb + w] : [a + h, bb + w, a, bb])  // corners flipped sometimes
            }
            let a = NonMaxSuppressionAttributes(centerPointBox: centre, maxOutputBoxesPerClass: r.int(0...b), iouThreshold: r.float(0...0.7),
                                                scoreThreshold: r.bool() ? r.float(0...0.6) : nil)
            try assertSame(.nonMaxSuppression(a), inputs: [("boxes", Tensor(shape: [n, b, 4], data: boxes)),
                                                           ("scores", Tensor(shape: [n, c, b], data: scores))], order: ["boxes", "scores"])
        }
    }

    func testNonMaxSuppressionKeepsTheBestOfOverlappingBoxesAndReportsHowManyItSelected() throws {
        // Box 1 overlaps box 0 (IoU 0.81); box 2 is apart; box 3 scores below the threshold.
        let boxes: [Float] = [0, 0, 1, 1, 0, 0.1, 1, 1.1, 5, 5, 6, 6, 10, 10, 11, 11]
        let scores: [Float] = [0.9, 0.95, 0.5, 0.1]
        let a = NonMaxSuppressionAttributes(maxOutputBoxesPerClass: 5, iouThreshold: 0.5, scoreThreshold: 0.2)
        for reference in [true, false] {
            let y = try run(.nonMaxSuppression(a), inputs: [("boxes", Tensor(shape: [1, 4, 4], data: boxes)),
                                                            ("scores", Tensor(shape: [1, 1, 4], data: scores))],
                            order: ["boxes", "scores"], reference: reference)
            XCTAssertEqual(y.shape, [2, 3])
            XCTAssertEqual(y.dtype, .int64)
            XCTAssertEqual(y.integers, [0, 0, 1, 0, 0, 2])
        }
    }

    // MARK: RoiAlign and MaxRoiPool

    private func randomRois(_ r: inout SeededRandom, count: Int, extent: Float, batchColumn: Int?) -> [Float] {
        (0..<count).flatMap { _ -> [Float] in
            let x1 = r.float(-1...extent), y1 = r.float(-1...extent)
            let box = [x1, y1, x1 + r.float(0...extent), y1 + r.float(0...extent)]
            return batchColumn.map { [Float($0 == 0 ? 0 : r.int(0...$0))] + box } ?? box
        }
    }

    func testRoiAlignOptimisedMatchesReferenceForEveryModeAndTransform() throws {
        for seed in UInt64(1)...10 {
            var r = SeededRandom(seed: seed)
            let n = r.int(1...2), c = r.int(1...4), h = r.int(2...9), w = r.int(2...9), rois = r.int(1...5)
            let a = RoiAlignAttributes(mode: r.bool() ? .avg : .max, outputHeight: r.int(1...4), outputWidth: r.int(1...4),
                                       samplingRatio: r.int(0...3), spatialScale: [1, 0.5, 0.25][r.int(0...2)], halfPixel: r.bool())
            let batch = (0..<rois).map { _ in Int64(r.int(0...(n - 1))) }
            let constants = ["rois": ConstantTensor(floats: randomRois(&r, count: rois, extent: Float(max(h, w)) / a.spatialScale, batchColumn: nil), shape: [rois, 4]),
                             "batch": ConstantTensor(int64s: batch, shape: [rois])]
            try assertSame(.roiAlign(a), inputs: [("x", Tensor(shape: [n, c, h, w], data: r.floats(n * c * h * w, -2...2)))],
                           constants: constants, order: ["x", "rois", "batch"], tolerance: 1e-5)
        }
    }

    func testRoiAlignAveragesBilinearSamplesOfALinearRamp() throws {
        // x[h][w] = w on a 1×1×4×4 input: any average of bilinear samples inside is the mean x coordinate.
        let x = Tensor(shape: [1, 1, 4, 4], data: (0..<16).map { Float($0 % 4) })
        let a = RoiAlignAttributes(mode: .avg, outputHeight: 1, outputWidth: 2, samplingRatio: 2, spatialScale: 1, halfPixel: false)
        let constants = ["rois": ConstantTensor(floats: [0, 0, 2, 2], shape: [1, 4]), "batch": ConstantTensor(int64s: [0], shape: [1])]
        for reference in [true, false] {
            let y = try run(.roiAlign(a), inputs: [("x", x)], constants: constants, order: ["x", "rois", "batch"], reference: reference)
            // Bins [0, 1) and [1, 2) along x, samples at 0.25, 0.75 and 1.25, 1.75.
            assertClose(y.data, [0.5, 1.5])
        }
    }

    func testMaxRoiPoolOptimisedMatchesReference() throws {
        for seed in UInt64(1)...10 {
            var r = SeededRandom(seed: seed)
            let n = r.int(1...2), c = r.int(1...4), h = r.int(2...9), w = r.int(2...9), rois = r.int(1...5)
            let a = MaxRoiPoolAttributes(pooledHeight: r.int(1...4), pooledWidth: r.int(1...4), spatialScale: [1, 0.5][r.int(0...1)])
            let constants = ["rois": ConstantTensor(floats: randomRois(&r, count: rois, extent: Float(max(h, w)) / a.spatialScale, batchColumn: n - 1),
                                                    shape: [rois, 5])]
            try assertSame(.maxRoiPool(a), inputs: [("x", Tensor(shape: [n, c, h, w], data: r.floats(n * c * h * w, -2...2)))],
                           constants: constants, order: ["x", "rois"], tolerance: 0)
        }
    }

    // MARK: Indexing ops

    /// Seeded values of every runtime element type.
    private func randomTensor(_ shape: [Int], _ dtype: DType, _ r: inout SeededRandom) -> Tensor {
        let count = shape.reduce(1, *)
        switch dtype {
        case .float32: return Tensor(shape: shape, data: r.floats(count, -5...5))
        case .bool: return Tensor(shape: shape, integers: (0..<count).map { _ in Int64(r.int(0...1)) }, dtype: .bool)
        case .uint8: return Tensor(shape: shape, integers: (0..<count).map { _ in Int64(r.int(0...255)) }, dtype: .uint8)
        default: return Tensor(shape: shape, integers: (0..<count).map { _ in Int64(r.int(-1000...1000)) }, dtype: dtype)
        }
    }

    func testPadStridedSliceTileAndExpandMatchReferenceForEveryElementType() throws {
        for seed in UInt64(1)...10 {
            var r = SeededRandom(seed: seed)
            let rank = r.int(1...4)
            let shape = (0..<rank).map { _ in r.int(1...5) }
            let dtype = DType.allCases[Int(seed) % DType.allCases.count]
            let x = randomTensor(shape, dtype, &r)
            let mode = PadMode.allCases[r.int(0...3)]
            // Negative pads crop, but never below an empty axis.
            let begins = shape.map { r.int(-($0 - 1) / 2...6) }, ends = shape.map { r.int(-($0 - 1) / 2...6) }
            try assertSame(.pad(PadAttributes(mode: mode, begins: begins, ends: ends, value: 3)), inputs: [("x", x)], order: ["x"])
            var starts: [Int] = [], steps: [Int] = [], sizes: [Int] = []
            for d in shape {
                let step = r.bool() ? r.int(1...3) : -r.int(1...3), start = r.int(0...(d - 1))
                let room = step > 0 ? (d - 1 - start) / step + 1 : start / -step + 1
                starts.append(start); steps.append(step); sizes.append(r.int(0...room))
            }
            try assertSame(.stridedSlice(StridedSliceAttributes(starts: starts, steps: steps, sizes: sizes)), inputs: [("x", x)], order: ["x"])
            try assertSame(.tile(TileAttributes(repeats: shape.map { _ in r.int(0...3) })), inputs: [("x", x)], order: ["x"])
            // A new leading axis; each input dim of 1 stretched, others kept (or given as 1).
            let target = [r.int(1...3)] + shape.map { s in s == 1 ? r.int(1...3) : (r.bool() ? 1 : s) }
            try assertSame(.expand(ExpandAttributes(shape: target)), inputs: [("x", x)], order: ["x"])
        }
    }

    func testPadModesGiveNumpysValues() throws {
        let x = Tensor(shape: [3], integers: [1, 2, 3], dtype: .int32)
        // numpy.pad([1, 2, 3], (5, 4), mode) for each mode.
        let expected: [(PadMode, [Int64])] = [
            (.constant, [9, 9, 9, 9, 9, 1, 2, 3, 9, 9, 9, 9]),
            (.edge, [1, 1, 1, 1, 1, 1, 2, 3, 3, 3, 3, 3]),
            (.reflect, [2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3]),
            (.wrap, [2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1]),
        ]
        for (mode, want) in expected {
            for reference in [true, false] {
                let y = try run(.pad(PadAttributes(mode: mode, begins: [5], ends: [4], value: 9)), inputs: [("x", x)], order: ["x"], reference: reference)
                XCTAssertEqual(y.integers, want, "\(mode) reference=\(reference)")
                XCTAssertEqual(y.dtype, .int32)
            }
        }
    }

    func testNegativeStepsReadBackwardsAndEmptySlicesHaveAZeroDim() throws {
        let x = Tensor(shape: [2, 5], data: (0..<10).map(Float.init))
        for reference in [true, false] {
            let backwards = try run(.stridedSlice(StridedSliceAttributes(starts: [1, 4], steps: [-1, -2], sizes: [2, 3])),
                                    inputs: [("x", x)], order: ["x"], reference: reference)
            XCTAssertEqual(backwards.data, [9, 7, 5, 4, 2, 0])
            let empty = try run(.stridedSlice(StridedSliceAttributes(starts: [0, 0], steps: [1, 1], sizes: [2, 0])),
                                inputs: [("x", x)], order: ["x"], reference: reference)
            XCTAssertEqual(empty.shape, [2, 0])
        }
    }
}
