import CKernels
import SpyglassIR

/// The packed GEMM's micro-kernels (Sources/CKernels/packed_gemm*.c): which one runs, and a hook
/// for tests to force each one this CPU can run.
public enum PackedGEMM {
    public enum Variant: Int32, CaseIterable, Sendable {
        case portable = 0, avx2 = 1, avx512 = 2
    }

    /// Rows per packed panel, the same for every variant (a packed buffer is machine-independent).
    public static let panelRows = Int(SG_GEMM_MR)

    public static var active: Variant { Variant(rawValue: sg_gemm_variant()) ?? .portable }

    public static func isSupported(_ variant: Variant) -> Bool { sg_gemm_variant_supported(variant.rawValue) != 0 }

    /// Test hook: run `variant` from now on (nil: the best this CPU has). False if the CPU cannot run it.
    /// Not while a plan is running.
    @discardableResult
    public static func force(_ variant: Variant?) -> Bool { sg_gemm_force_variant(variant?.rawValue ?? -1) != 0 }

    /// Floats of the packed form of a rows × depth matrix.
    public static func packedCount(rows: Int, depth: Int) -> Int { sg_gemm_packed_count(Int32(rows), Int32(depth)) }

    /// `groups` row-major [rows][depth] matrices, one after another → their packed panels, one group after another.
    public static func pack(_ a: UnsafePointer<Float>, groups: Int = 1, rows: Int, depth: Int) -> AlignedFloats {
        let packed = AlignedFloats(count: groups * packedCount(rows: rows, depth: depth))
        pack(a, groups: groups, rows: rows, depth: depth, into: packed.pointer)
        return packed
    }

    /// As `pack`, into `packed` (`groups × packedCount(rows:depth:)` floats).
    public static func pack(_ a: UnsafePointer<Float>, groups: Int, rows: Int, depth: Int, into packed: UnsafeMutablePointer<Float>) {
        let stride = packedCount(rows: rows, depth: depth)
        for g in 0..<groups {
            sg_gemm_pack_a(a + g * rows * depth, Int32(rows), Int32(depth), packed + g * stride)
        }
    }

    /// Reference for the tests: c[rows × n] = act(a · b + bias), a row-major [rows][depth], plain loops.
    public static func reference(a: [Float], b: [Float], ldb: Int, rows: Int, depth: Int, n: Int,
                                 bias: [Float]?, activation: Activation) -> [Float] {
        var c = [Float](repeating: 0, count: rows * n)
        for m in 0..<rows {
            for j in 0..<n {
                var s = bias?[m] ?? 0
                for p in 0..<depth { s += a[m * depth + p] * b[p * ldb + j] }
                c[m * n + j] = activation.apply(s)
            }
        }
        return c
    }
}
