import TestSupport
import SpyglassIR
import SpyglassRuntime
import XCTest

/// The resize kernel (plan-time index/weight tables, a planar H×W path and a per-axis path)
/// against the plain reference kernel, over every mode and coordinate transform.
final class ResizeKernelTests: XCTestCase {
    /// Random sizes for `axes` of `shape`: scales from 0.3 to 3, the output ⌊scale · input⌋ ≥ 1.
    private func attributes(_ mode: ResizeInterpolation, _ transform: ResizeCoordinateTransform, axes: [Int], shape: [Int],
                            _ r: inout SeededRandom) -> ResizeAttributes {
        let scales = axes.map { _ in Double(r.int(3...30)) / 10 }
        let sizes = zip(axes, scales).map { max(1, Int((Double(shape[$0]) * $1).rounded(.down))) }
        let roi = transform == .tfCropAndResize ? axes.map { _ in Double(r.float(-0.3...0.4)) } + axes.map { _ in Double(r.float(0.6...1.3)) } : []
        return ResizeAttributes(mode: mode, coordinateTransform: transform,
                                nearestRounding: NearestRounding.allCases[r.int(0...3)],
                                cubicCoefficient: [-0.75, -0.5][r.int(0...1)], excludeOutside: mode == .cubic && r.bool(),
                                extrapolationValue: r.float(-2...2), antialias: mode != .nearest && r.bool(),
                                axes: axes, scales: scales, sizes: sizes, roi: roi)
    }

    func testEveryModeAndCoordinateTransformMatchesReferenceOnHeightAndWidth() throws {
        var seed: UInt64 = 1
        for mode in ResizeInterpolation.allCases {
            for transform in ResizeCoordinateTransform.allCases {
                for _ in 0..<3 {
                    var r = SeededRandom(seed: seed)
                    let shape = [r.int(1...2), r.int(1...3), r.int(1...9), r.int(1...9)]
                    let a = attributes(mode, transform, axes: r.bool() ? [2, 3] : [3, 2], shape: shape, &r)
                    try assertOptimisedMatchesReference(.resize(a), [.input(shape, -3...3)], seed: seed, threads: 1 + Int(seed % 2), tolerance: 1e-5)
                    seed += 1
                }
            }
        }
    }

    func testEveryModeMatchesReferenceOnOtherAxesAndRanks() throws {
        var seed: UInt64 = 100
        for mode in ResizeInterpolation.allCases {
            for transform in ResizeCoordinateTransform.allCases {
                var r = SeededRandom(seed: seed)
                let rank = r.int(1...5)
                let shape = (0..<rank).map { _ in r.int(1...6) }
                var axes = (0..<rank).filter { _ in r.bool() }
                for i in axes.indices.reversed() { axes.swapAt(i, r.int(0...i)) }
                axes = Array(axes.prefix(3))
                let a = attributes(mode, transform, axes: axes.isEmpty ? [rank - 1] : axes, shape: shape, &r)
                try assertOptimisedMatchesReference(.resize(a), [.input(shape, -3...3)], seed: seed, threads: 2, tolerance: 1e-5)
                seed += 1
            }
        }
    }

    func testAntialiasedDownscalingMatchesReference() throws {
        for (seed, mode) in [(UInt64(200), ResizeInterpolation.linear), (201, .cubic)] {
            let a = ResizeAttributes(mode: mode, antialias: true, axes: [2, 3], scales: [0.25, 0.4], sizes: [4, 8])
            try assertOptimisedMatchesReference(.resize(a), [.input([2, 3, 16, 20])], seed: seed, threads: 2, tolerance: 1e-5)
            let oneAxis = ResizeAttributes(mode: mode, antialias: true, axes: [1], scales: [0.3], sizes: [3])
            try assertOptimisedMatchesReference(.resize(oneAxis), [.input([2, 10, 3])], seed: seed, tolerance: 1e-5)
        }
    }

    /// ONNX's half_pixel linear 2× of [1, 2]: source coordinates −0.25, 0.25, 0.75, 1.25, clamped at the edges.
    func testLinearHalfPixelDoublingInterpolatesQuarterWay() throws {
        let a = ResizeAttributes(mode: .linear, axes: [1], scales: [2], sizes: [4])
        let g = SingleOpGraph(.resize(a), [.values([1, 2], [1, 2])], seed: 0)
        for reference in [true, false] {
            assertClose(try g.run(reference: reference).data, [1, 1.25, 1.75, 2])
        }
    }

    /// tf_crop_and_resize: outputs whose source lies outside the input take the extrapolation value.
    func testCropOutsideTheInputGivesTheExtrapolationValue() throws {
        let a = ResizeAttributes(mode: .linear, coordinateTransform: .tfCropAndResize, extrapolationValue: 7,
                                 axes: [1], scales: [1], sizes: [3], roi: [-1, 1])
        let g = SingleOpGraph(.resize(a), [.values([1, 3], [10, 20, 30])], seed: 0)
        for reference in [true, false] {
            // Sources −2, 0, 2: the first is outside [0, 2].
            assertClose(try g.run(reference: reference).data, [7, 10, 30])
        }
    }

    func testLargeNearestUpsampleWithTwoThreadsMatchesReference() throws {
        let a = ResizeAttributes(mode: .nearest, coordinateTransform: .asymmetric, nearestRounding: .roundPreferCeil,
                                 axes: [2, 3], scales: [1.5, 2.5], sizes: [30, 50])
        try assertOptimisedMatchesReference(.resize(a), [.input([2, 8, 20, 20])], seed: 300, threads: 2, tolerance: 0)
    }

    func testAttributesThatDoNotFitTheInputAreRefusedNamingTheNode() {
        let a = ResizeAttributes(mode: .linear, axes: [4], scales: [2], sizes: [4])
        let g = SingleOpGraph(.resize(a), [.input([1, 2])], seed: 0)
        XCTAssertThrowsError(try g.run(reference: false)) { XCTAssertTrue("\($0)".contains("axes [4]"), "\($0)") }
    }

    /// Nearest on int64 and uint8 tensors copies elements exactly; crop outside the input gives the
    /// extrapolation value cast to the element type.
    func testNearestOnIntegerTensorsPicksTheSameElementsInBothKernels() throws {
        let a = ResizeAttributes(mode: .nearest, coordinateTransform: .asymmetric, nearestRounding: .floor,
                                 axes: [1, 2], scales: [1.5, 2], sizes: [3, 4])
        let crop = ResizeAttributes(mode: .nearest, coordinateTransform: .tfCropAndResize, extrapolationValue: -7.9,
                                    axes: [2], scales: [1], sizes: [2], roi: [-1, 1])
        let x: [Int64] = [1, -2, Int64.max, 4]
        let cases: [(ResizeAttributes, DType, [Int64], [Int64])] = [
            (a, .int64, x, [1, 1, -2, -2, 1, 1, -2, -2, .max, .max, 4, 4]),
            (a, .uint8, [1, 200, 3, 255], [1, 1, 200, 200, 1, 1, 200, 200, 3, 3, 255, 255]),
            (crop, .int64, x, [-7, -2, -7, 4]),
        ]
        for (attributes, dtype, input, expected) in cases {
            let node = Node(name: "resize", op: .resize(attributes), inputs: ["x"], outputs: ["y"])
            let graph = Graph(name: "int-resize", inputs: [ValueInfo(name: "x", type: TensorType(dtype, Shape([1, 2, 2])))],
                              outputs: ["y"], nodes: [node], constants: [:])
            for reference in [true, false] {
                let plan = try Plan(graph: graph, options: RuntimeOptions(threads: 1, useReferenceKernels: reference))
                let y = try XCTUnwrap(plan.run(["x": Tensor(shape: [1, 2, 2], integers: input, dtype: dtype)])["y"])
                XCTAssertEqual(y.dtype, dtype)
                XCTAssertEqual(y.integers, expected, "\(dtype) reference: \(reference)")
            }
        }
    }
}
