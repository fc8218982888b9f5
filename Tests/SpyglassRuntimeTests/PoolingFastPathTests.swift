import TestSupport
import SpyglassIR
import SpyglassRuntime
import XCTest

/// The max-pool paths of `sg_maxpool` (2×2/2 SIMD, separable rows-then-columns, plain fallback) and the
/// row-copy upsample against the plain reference kernels. Max and copies are exact: tolerance 0.
final class PoolingFastPathTests: XCTestCase {
    func testDarknetMaxPoolMatchesReferenceOnRandomWindowsStridesAndPadding() throws {
        for seed in UInt64(1)...24 {
            var r = SeededRandom(seed: seed)
            let kh = r.int(1...5), kw = r.int(1...5)
            let pad = Padding2D(top: r.int(0...(kh - 1)), left: r.int(0...(kw - 1)), bottom: r.int(0...kh), right: r.int(0...kw))
            let a = Pool2DAttributes(kernelH: kh, kernelW: kw, strideH: r.int(1...3), strideW: r.int(1...3), padding: pad)
            let shape = [r.int(1...3), r.int(1...5), max(kh, r.int(1...17)), max(kw, r.int(1...19))]
            try assertOptimisedMatchesReference(.maxPool(a), [.input(shape, -3...3)], seed: seed, threads: 1 + Int(seed % 2), tolerance: 0)
        }
    }

    func testYOLOMaxPoolsMatchReference() throws {
        // 2×2/1 with Darknet's bottom/right padding (yolov3-tiny's 13×13), without, on one row and one
        // column; 2×2/2 on odd sizes and one channel, 5×5/1 padded 2 (SPP/SPPF), 3×3/2 padded 1.
        let cases: [(Pool2DAttributes, [Int])] = [
            (Pool2DAttributes(kernelH: 2, kernelW: 2, strideH: 1, strideW: 1, padding: Padding2D(top: 0, left: 0, bottom: 1, right: 1)), [2, 5, 13, 13]),
            (Pool2DAttributes(kernelH: 2, kernelW: 2, strideH: 1, strideW: 1), [1, 3, 12, 12]),
            (Pool2DAttributes(kernelH: 2, kernelW: 2, strideH: 1, strideW: 1, padding: Padding2D(top: 0, left: 0, bottom: 1, right: 1)), [1, 2, 1, 7]),
            (Pool2DAttributes(kernelH: 2, kernelW: 2, strideH: 1, strideW: 1, padding: Padding2D(top: 0, left: 0, bottom: 1, right: 1)), [2, 2, 6, 1]),
            (Pool2DAttributes(kernelH: 2, kernelW: 2, strideH: 1, strideW: 1, padding: Padding2D(top: 0, left: 0, bottom: 0, right: 1)), [1, 2, 5, 9]),
            (Pool2DAttributes(kernelH: 2, kernelW: 2, strideH: 2, strideW: 2, padding: Padding2D(top: 0, left: 0, bottom: 1, right: 1)), [1, 1, 13, 17]),
            (Pool2DAttributes(kernelH: 2, kernelW: 2, strideH: 2, strideW: 2, padding: Padding2D(top: 0, left: 0, bottom: 3, right: 3)), [2, 3, 5, 6]),
            (Pool2DAttributes(kernelH: 5, kernelW: 5, strideH: 1, strideW: 1, padding: .symmetric(2)), [1, 7, 11, 9]),
            (Pool2DAttributes(kernelH: 3, kernelW: 3, strideH: 2, strideW: 2, padding: .symmetric(1)), [2, 3, 9, 10]),
        ]
        for (i, (a, shape)) in cases.enumerated() {
            for threads in [1, 2] {
                try assertOptimisedMatchesReference(.maxPool(a), [.input(shape, -3...3)], seed: UInt64(40 + i), threads: threads, tolerance: 0)
            }
        }
    }

    func testRowsWiderThanTheStackRowFallBackToThePlainLoop() throws {
        let a = Pool2DAttributes(kernelH: 3, kernelW: 3, strideH: 1, strideW: 1, padding: .symmetric(1))
        try assertOptimisedMatchesReference(.maxPool(a), [.input([1, 1, 3, 4200], -3...3)], seed: 50, tolerance: 0)
    }

    func testONNXMaxPoolMatchesReferenceWithPaddingAndCeilMode() throws {
        let cases: [(PoolAttributes, [Int])] = [
            // SPPF: 5×5 stride 1 padded 2.
            (PoolAttributes(mode: .max, kernel: [5, 5], strides: [1, 1], dilations: [1, 1], padsBegin: [2, 2], padsEnd: [2, 2]), [1, 6, 10, 13]),
            // Ceil mode: the last window hangs over the end.
            (PoolAttributes(mode: .max, kernel: [3, 3], strides: [2, 2], dilations: [1, 1], padsBegin: [0, 0], padsEnd: [0, 0], ceilMode: true),
             [2, 3, 8, 11]),
            // Stride larger than the kernel, asymmetric padding.
            (PoolAttributes(mode: .max, kernel: [2, 3], strides: [3, 2], dilations: [1, 1], padsBegin: [1, 0], padsEnd: [0, 2]), [1, 2, 9, 7]),
            // Padding as large as the kernel − 1 on a 1×1 plane.
            (PoolAttributes(mode: .max, kernel: [3, 3], strides: [1, 1], dilations: [1, 1], padsBegin: [2, 2], padsEnd: [0, 0]), [1, 2, 1, 1]),
            // Dilated and index-producing pools keep the window-list kernel.
            (PoolAttributes(mode: .max, kernel: [2, 2], strides: [1, 1], dilations: [2, 2], padsBegin: [1, 1], padsEnd: [1, 1]), [1, 2, 6, 6]),
        ]
        for (i, (a, shape)) in cases.enumerated() {
            try assertOptimisedMatchesReference(.pool(a), [.input(shape, -3...3)], seed: UInt64(60 + i), threads: 1 + i % 2, tolerance: 0)
        }
    }

    func testIntegerNearestResizeTakesTheUpsampleRowCopyAndMatchesReference() throws {
        for (i, factor) in [2, 3].enumerated() {
            let shape = [2, 3, 5, 7]
            let a = ResizeAttributes(mode: .nearest, coordinateTransform: .asymmetric, nearestRounding: .floor, axes: [2, 3],
                                     scales: [Double(factor), Double(factor)], sizes: [5 * factor, 7 * factor])
            try assertOptimisedMatchesReference(.resize(a), [.input(shape, -3...3)], seed: UInt64(70 + i), threads: 1 + i, tolerance: 0)
        }
    }

    func testDarknetUpsampleMatchesReferenceOnOddSizesAndFactors() throws {
        for (i, (factor, multiplier)) in [(2, Float(1)), (2, 0.5), (3, 2), (1, 1)].enumerated() {
            try assertOptimisedMatchesReference(.upsample(UpsampleAttributes(factor: factor, multiplier: multiplier)),
                                                [.input([2, 3, 5, 7], -3...3)], seed: UInt64(80 + i), threads: 1 + i % 2, tolerance: 0)
        }
    }
}
