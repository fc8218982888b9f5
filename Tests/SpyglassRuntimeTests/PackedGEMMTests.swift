import CKernels
import Foundation
import SpyglassIR
@testable import SpyglassRuntime
import TestSupport
import XCTest

/// The packed GEMM (prepacked weight panels, fused bias + activation) against a plain GEMM, for each
/// micro-kernel this CPU can run, on sizes that hit every tail: M not a multiple of the panel, N not a
/// multiple of the kernel's width (tails of up to half a block and wider), K across more than one K block.
final class PackedGEMMTests: XCTestCase {
    override func tearDown() {
        PackedGEMM.force(nil)
        super.tearDown()
    }

    private var variants: [PackedGEMM.Variant] { PackedGEMM.Variant.allCases.filter(PackedGEMM.isSupported) }

    /// Multiplies through `ConvGEMM` (packed storage) and compares with `PackedGEMM.reference`.
    /// `alignedB`: B's rows 32-byte aligned (ldb a multiple of 8), read in place; otherwise (ldb = n + 3)
    /// kernels that copy misaligned B into strips (AVX2, from two panels on) take that path.
    private func check(rows: Int, depth: Int, n: Int, bias withBias: Bool, activation: Activation, splitPanels: Bool = false,
                       alignedB: Bool = false, seed: UInt64, file: StaticString = #filePath, line: UInt = #line) {
        var rng = SeededRandom(seed: seed)
        let ldb = alignedB ? (n + 7) / 8 * 8 + 8 : n + 3, ldc = n + 5
        let a = rng.floats(rows * depth), b = rng.floats(depth * ldb)
        let bias = withBias ? rng.floats(rows) : nil
        let expected = PackedGEMM.reference(a: a, b: b, ldb: ldb, rows: rows, depth: depth, n: n, bias: bias, activation: activation)
        let weights = AlignedFloats(copying: a)
        let gemm = ConvGEMM(storage: .packed(PackedGEMM.pack(weights.pointer, rows: rows, depth: depth)), groups: 1,
                            rows: rows, depth: depth, bias: bias.map(AlignedFloats.init(copying:)), activation: activation.cCode)
        let sentinel: Float = 12345
        var c = [Float](repeating: sentinel, count: rows * ldc)
        b.withUnsafeBufferPointer { bp in
            c.withUnsafeMutableBufferPointer { cp in
                guard let bb = bp.baseAddress, let cb = cp.baseAddress else { return }
                if splitPanels, gemm.units > 1 {
                    let mid = gemm.units / 2
                    gemm.multiply(group: 0, units: 0..<mid, b: bb, ldb: ldb, c: cb, ldc: ldc, n: n)
                    gemm.multiply(group: 0, units: mid..<gemm.units, b: bb, ldb: ldb, c: cb, ldc: ldc, n: n)
                } else {
                    gemm.multiply(group: 0, b: bb, ldb: ldb, c: cb, ldc: ldc, n: n)
                }
            }
        }
        var got = [Float](), padding = [Float]()
        for m in 0..<rows {
            got += c[(m * ldc)..<(m * ldc + n)]
            padding += c[(m * ldc + n)..<((m + 1) * ldc)]
        }
        let what = "\(PackedGEMM.active) M \(rows) K \(depth) N \(n) ldb \(ldb) bias \(withBias) \(activation)"
        XCTAssertLessThanOrEqual(scaledError(got, expected), 1e-4, what, file: file, line: line)
        XCTAssertTrue(padding.allSatisfy { $0 == sentinel }, "wrote outside the \(n) columns: \(what)", file: file, line: line)
    }

    func testEveryMicroKernelMatchesPlainGEMMAcrossRowColumnAndDepthTails() {
        XCTAssertTrue(variants.contains(.portable))
        for variant in variants {
            XCTAssertTrue(PackedGEMM.force(variant))
            XCTAssertEqual(PackedGEMM.active, variant)
            var seed: UInt64 = 1
            for rows in [1, 7, 8, 9, 17] {
                for depth in [1, 27, 700] {
                    for n in [1, 7, 8, 33, 56, 70] {
                        seed += 1
                        check(rows: rows, depth: depth, n: n, bias: seed % 2 == 0, activation: seed % 3 == 0 ? .leaky : .linear,
                              splitPanels: seed % 5 == 0, seed: seed)
                    }
                }
            }
        }
    }

    /// Every column tail up to two of the widest kernel's blocks (AVX2 24 = two 4 × 24 halves, 17…23 as
    /// 16 + an 8-row × 8 tail; AVX-512 32), row tails at each 4-row half, K = 1, with B read in place and
    /// copied into strips (one to four at a time: 97 and 121 columns span two copies).
    func testEveryMicroKernelMatchesPlainGEMMOnEveryColumnTailRowTailAndDepthOne() {
        for variant in variants {
            XCTAssertTrue(PackedGEMM.force(variant))
            var seed: UInt64 = 1000
            for n in Array(1...33) + [47, 48, 49, 64, 65, 97, 121] {
                for rows in [3, 4, 5, 12, 16, 21] {
                    for depth in [1, 9] {
                        for aligned in [false, true] {
                            seed += 1
                            check(rows: rows, depth: depth, n: n, bias: seed % 2 == 0, activation: seed % 3 == 0 ? .relu : .linear,
                                  alignedB: aligned, seed: seed)
                        }
                    }
                }
            }
        }
    }

    /// Each activation on every kind of block: full 24 / 32 columns, a 16-wide and a masked half, an 8 × 8
    /// tail; one panel and a row tail; one K block and several (the activation only after the last).
    func testEveryActivationIsFusedOnEveryBlockShapeOfEachMicroKernel() {
        for variant in variants {
            XCTAssertTrue(PackedGEMM.force(variant))
            var seed: UInt64 = 5000
            for activation in Activation.allCases {
                for (rows, depth, n) in [(8, 1, 24), (13, 30, 48), (6, 7, 16), (21, 600, 13), (9, 5, 5), (19, 33, 29)] {
                    for aligned in [false, true] {
                        seed += 1
                        check(rows: rows, depth: depth, n: n, bias: seed % 2 == 0, activation: activation, alignedB: aligned, seed: seed)
                    }
                }
            }
        }
    }

    func testEveryActivationIsFusedIntoEachMicroKernel() {
        for variant in variants {
            XCTAssertTrue(PackedGEMM.force(variant))
            for (i, activation) in Activation.allCases.enumerated() {
                check(rows: 11, depth: 40, n: 45, bias: true, activation: activation, seed: 100 + UInt64(i))
            }
        }
    }

    func testPackingLaysRowsOutAsZeroPaddedPanels() {
        // 9 × 3: panel 0 holds rows 0..7, panel 1 row 8 then seven zero rows; element (m, k) at [m / 8][k][m % 8].
        let a = (0..<27).map { Float($0 + 1) }
        let packed = a.withUnsafeBufferPointer { PackedGEMM.pack($0.baseAddress!, rows: 9, depth: 3) }
        XCTAssertEqual(packed.count, 2 * 8 * 3)
        let p = Array(packed.buffer)
        for m in 0..<16 {
            for k in 0..<3 {
                XCTAssertEqual(p[(m / 8) * 24 + k * 8 + m % 8], m < 9 ? a[m * 3 + k] : 0, "m \(m) k \(k)")
            }
        }
    }

    /// The exp behind logistic and swish (in each micro-kernel's registers, and `sg_activate` for the
    /// activations the GEMM leaves to a pass after it) is within 4e-7 of double precision, relative,
    /// on pre-activations across the range where the result is not 0 or 1 to float precision, and
    /// within 1e-30 absolute at and beyond the clamps. A 1×1 GEMM with weight 1 and no bias passes the values through untouched.
    func testFusedLogisticAndSwishAreWithinFourTenMillionthsOfDouble() {
        var values: [Float] = stride(from: -30.0, through: 30.0, by: 0.0037).map { Float($0) }
        values += [-104, -88, -87.5, -20, 0, 1e-20, -1e-20, 20, 87.5, 88, 104]
        let n = values.count
        func relativeError(_ got: [Float], _ activation: Activation) -> Double {
            var worst = 0.0
            for (v, g) in zip(values, got) {
                let x = Double(v), sigmoid = 1 / (1 + Foundation.exp(-x))
                let want = activation == .swish ? x * sigmoid : sigmoid
                // Beyond the clamps (|x| > 87) the true value is below float's normal range: absolute.
                let error = abs(Double(g) - want)
                if error > 1e-30 { worst = max(worst, error / abs(want)) }
            }
            return worst
        }
        for activation in [Activation.logistic, .swish] {
            for variant in variants {
                XCTAssertTrue(PackedGEMM.force(variant))
                let one = AlignedFloats(copying: [1])
                let gemm = ConvGEMM(storage: .packed(PackedGEMM.pack(one.pointer, rows: 1, depth: 1)), groups: 1,
                                    rows: 1, depth: 1, bias: nil, activation: activation.cCode)
                withExtendedLifetime(one) {}
                var c = [Float](repeating: 0, count: n)
                values.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { gemm.multiply(group: 0, b: b.baseAddress!, ldb: n, c: $0.baseAddress!, ldc: n, n: n) }
                }
                XCTAssertLessThan(relativeError(c, activation), 4e-7, "\(variant) \(activation)")
            }
            var pass = values
            pass.withUnsafeMutableBufferPointer { sg_activate($0.baseAddress, n, activation.cCode) }
            XCTAssertLessThan(relativeError(pass, activation), 4e-7, "sg_activate \(activation)")
        }
    }
}
