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
    public func forEachChunk(_ count: Int, grain: Int = 1, _ body: (Int, Range<Int>) -> Void) {
        let chunks = min(threads, count / max(grain, 1))
        guard chunks > 1, let pool else {
            if count > 0 { body(0, 0..<count) }
            return
        }
        withoutActuallyEscaping(body) { body in
            var job = ChunkJob(count: count, chunks: chunks, body: body)
            withUnsafeMutablePointer(to: &job) { pool.run(tasks: chunks, context: UnsafeMutableRawPointer($0)) }
        }
    }
}

/// One parallel loop as the pool's C workers see it: reached through a raw pointer to the caller's stack.
private struct ChunkJob {
    let count: Int
    let chunks: Int
    let body: (Int, Range<Int>) -> Void

    func run(_ i: Int) { body(i, (count * i / chunks)..<(count * (i + 1) / chunks)) }
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
