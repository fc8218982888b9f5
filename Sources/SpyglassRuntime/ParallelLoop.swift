import CKernels

/// Splits a loop over `threads` threads: the caller and the workers of a pool the plan owns
/// (`WorkerPool`, C threads made once). A parallel loop allocates nothing — the body is handed to
/// the pool as a pointer to a stack value — so a forward pass allocates nothing after warm-up at
/// any thread count. Small loops run inline.
public struct ParallelLoop: @unchecked Sendable {
    public let threads: Int
    private let pool: WorkerPool?

    public init(threads: Int) {
        self.threads = max(1, threads)
        pool = self.threads > 1 ? WorkerPool(threads: self.threads) : nil
    }

    /// Calls `body` on disjoint ranges covering 0..<count. `grain` is the least work worth a thread.
    public func forEach(_ count: Int, grain: Int = 1, _ body: (Range<Int>) -> Void) {
        forEachChunk(count, grain: grain) { _, range in body(range) }
    }

    /// Lets the worker threads sleep now rather than spin for a next loop: call it when no loop
    /// follows soon (after a forward), so idle workers leave the CPUs to single-threaded work.
    public func rest() { pool?.rest() }

    /// As `forEach`, also passing the chunk's index (< `threads`), e.g. to pick a per-thread scratch slice.
    /// `body` may be called several times with the same index, one call after another on one thread.
    /// Each of the `threads` tasks owns a contiguous share of the range — the same share every loop,
    /// so a thread mostly reads what it wrote in the layer before, from its own L2 — cut into
    /// `blocksPerThread` blocks it claims in order; done with its own, it claims the blocks others
    /// have not started. A thread that starts late (descheduled by a busy host) thus leaves most of
    /// its share to the others instead of holding up the loop.
    public func forEachChunk(_ count: Int, grain: Int = 1, _ body: (Int, Range<Int>) -> Void) {
        let chunks = min(threads, count / max(grain, 1))
        guard chunks > 1, let pool else {
            if count > 0 { body(0, 0..<count) }
            return
        }
        let perChunk = max(1, min(Self.blocksPerThread, count / max(grain, 1) / chunks))
        withUnsafeTemporaryAllocation(of: Int.self, capacity: chunks) { claimed in
            guard let claimed = claimed.baseAddress else { return }
            claimed.initialize(repeating: 0, count: chunks)
            withoutActuallyEscaping(body) { body in
                var job = ChunkJob(count: count, chunks: chunks, perChunk: perChunk, claimed: claimed, body: body)
                withUnsafeMutablePointer(to: &job) { pool.run(tasks: chunks, context: UnsafeMutableRawPointer($0)) }
            }
        }
    }

    /// Blocks per thread's share in a parallel loop: enough that a late thread's share is mostly
    /// picked up by the others, few enough that each block still amortises its claim.
    public static let blocksPerThread = 4
}

/// One parallel loop as the pool's C workers see it: reached through a raw pointer to the caller's stack.
private struct ChunkJob {
    let count: Int
    let chunks: Int
    let perChunk: Int
    /// Per chunk, how many of its blocks have been claimed (atomic increments, by anyone).
    let claimed: UnsafeMutablePointer<Int>
    let body: (Int, Range<Int>) -> Void

    /// Task `i` runs its own chunk's blocks, then any block of the others still unclaimed, always
    /// passing `i` as the chunk index (its scratch slot).
    func run(_ i: Int) {
        let blocks = chunks * perChunk
        for k in 0..<chunks {
            let owner = (i + k) % chunks
            while true {
                let b = sg_atomic_next(claimed + owner)
                if b >= perChunk { break }
                let block = owner * perChunk + b
                body(i, (count * block / blocks)..<(count * (block + 1) / blocks))
            }
        }
    }
}

/// The C entry point for a chunk: no captures, so it is a plain function pointer.
private let runChunk: sg_task_fn = { context, index in
    guard let context else { return }
    context.assumingMemoryBound(to: ChunkJob.self).pointee.run(Int(index))
}

/// Worker threads for one plan's parallel loops (threads − 1 of them; the caller is the other).
final class WorkerPool: @unchecked Sendable {
    private let pool: OpaquePointer?

    init(threads: Int) { pool = sg_pool_create(Int32(threads)) }
    deinit { sg_pool_destroy(pool) }

    func run(tasks: Int, context: UnsafeMutableRawPointer) { sg_pool_run(pool, Int32(tasks), runChunk, context) }
    func rest() { sg_pool_rest(pool) }
}
