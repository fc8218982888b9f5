import CKernels
import Dispatch

/// Measures the sgemm throughput of the BLAS the runtime links, in this process: the ceiling a
/// GEMM-based convolution can reach, so benchmarks report conv efficiency against it.
public enum BLASProbe {
    /// Best GFLOPS of `repeats` square n×n×n sgemm calls at `threads` threads (after one warm-up call).
    public static func sgemmGFLOPS(n: Int, threads: Int, repeats: Int = 5) -> Double {
        guard n > 0 else { return 0 }
        let previous = sg_blas_threads()
        sg_set_blas_threads(Int32(max(1, threads)))
        defer { sg_set_blas_threads(previous) }
        let a = AlignedFloats(count: n * n), b = AlignedFloats(count: n * n), c = AlignedFloats(count: n * n)
        for i in 0..<(n * n) { a.pointer[i] = Float(i % 7) * 0.1; b.pointer[i] = Float(i % 5) * 0.1 }
        func once() -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            sg_sgemm(0, 0, Int32(n), Int32(n), Int32(n), 1, a.pointer, Int32(n), b.pointer, Int32(n), 0, c.pointer, Int32(n))
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        _ = once()
        var best = Double.infinity
        for _ in 0..<max(1, repeats) { best = min(best, once()) }
        return 2 * Double(n) * Double(n) * Double(n) / best / 1e9
    }
}
