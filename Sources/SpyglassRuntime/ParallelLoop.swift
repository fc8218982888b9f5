import CKernels

/// Splits a loop over `threads` threads: the caller and the workers of a pool the plan owns
/// (`WorkerPool`, C threads made once). A parallel loop allocates nothing — the loop's values and
/// body are handed to the pool as a pointer to a stack value — so a forward pass allocates nothing
/// after warm-up at any thread count. Small loops run inline.
///
/// Why the body takes its values as `state` and must capture nothing: the pool's threads need the
/// body as a stored (escaping) closure, and making a closure escaping costs a heap box per call —
/// `withoutActuallyEscaping` boxes even a context-free closure (measured at -O), and an escaping
/// closure with captures allocates its context. A closure literal that captures nothing (no
/// locals, no `self`) is a bare function and costs nothing; what it needs comes in as `state`,
/// copied onto the caller's stack for the loop. Two conditions keep that true, both met in this
/// module (whole-module optimised, see Package.swift): the call is specialized for its `State`
/// (unspecialized, closures here capture `State`'s metadata), and a closure in `state` sits in a
/// struct, not a tuple (in a tuple it is re-abstracted through an allocated thunk).
/// `ForwardAllocationTests` and `YOLOv8StyleForwardAllocationTests` check it stays so.
public struct ParallelLoop: @unchecked Sendable {
    public let threads: Int
    @usableFromInline let pool: WorkerPool?

    public init(threads: Int) {
        self.threads = max(1, threads)
        pool = self.threads > 1 ? WorkerPool(threads: self.threads) : nil
    }

    /// Calls `body(state, range)` on disjoint ranges covering 0..<count. `grain` is the least work
    /// worth a thread. `body` must capture nothing (pass what it needs in `state`): see above.
    @inlinable
    public func forEach<State>(_ count: Int, grain: Int = 1, _ state: State, _ body: @escaping (State, Range<Int>) -> Void) {
        forEachChunk(count, grain: grain, RangeTask(state, body)) { task, _, range in task.body(task.state, range) }
    }

    /// Calls `body(state, item, range)` on disjoint runs covering `batch` items of `perItem` units each,
    /// cut in (item, unit) order and handed over one item at a time (a run that spans items is split).
    /// `grain` counts units. `body` must capture nothing.
    @inlinable
    public func forEachItemRange<State>(batch: Int, perItem: Int, grain: Int = 1, _ state: State,
                                        _ body: @escaping (State, Int, Range<Int>) -> Void) {
        guard perItem > 0 else { return }
        forEach(batch * perItem, grain: grain, ItemRangeTask(state, body, perItem: perItem)) { task, range in
            var j = range.lowerBound
            while j < range.upperBound {
                let item = j / task.perItem, u0 = j % task.perItem
                let u1 = min(task.perItem, u0 + range.upperBound - j)
                task.body(task.state, item, u0..<u1)
                j += u1 - u0
            }
        }
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
    ///
    /// Inlinable so that optimised callers in other modules get it specialized for their `State` too.
    @inlinable
    public func forEachChunk<State>(_ count: Int, grain: Int = 1, _ state: State,
                                    _ body: @escaping (State, Int, Range<Int>) -> Void) {
        let chunks = min(threads, count / max(grain, 1))
        guard chunks > 1, let pool else {
            if count > 0 { body(state, 0, 0..<count) }
            return
        }
        var task = ChunkTask(state, body)
        withUnsafeMutablePointer(to: &task) { task in
            pool.run(count, grain: grain, chunks: chunks, task: UnsafeMutableRawPointer(task)) { task, chunk, range in
                let task = task.assumingMemoryBound(to: ChunkTask<State>.self)
                task.pointee.body(task.pointee.state, chunk, range)
            }
        }
    }

    /// Blocks per thread's share in a parallel loop: enough that a late thread's share is mostly
    /// picked up by the others, few enough that each block still amortises its claim.
    public static let blocksPerThread = 4
}

/// A loop's values and body, side by side. Generic structs rather than tuples: a field typed as the
/// body parameter is stored as that parameter is passed, so no reabstraction thunk (a heap-allocated
/// closure) is needed to put the body there, as it would be for a tuple element.
@usableFromInline
struct ChunkTask<State> {
    @usableFromInline let state: State
    @usableFromInline let body: (State, Int, Range<Int>) -> Void

    @inlinable init(_ state: State, _ body: @escaping (State, Int, Range<Int>) -> Void) {
        self.state = state
        self.body = body
    }
}

/// As `ChunkTask`, for `forEach`'s body (no chunk index).
@usableFromInline
struct RangeTask<State> {
    @usableFromInline let state: State
    @usableFromInline let body: (State, Range<Int>) -> Void

    @inlinable init(_ state: State, _ body: @escaping (State, Range<Int>) -> Void) {
        self.state = state
        self.body = body
    }
}

/// As `ChunkTask`, for `forEachItemRange`'s body (an item and a range of its units).
@usableFromInline
struct ItemRangeTask<State> {
    @usableFromInline let state: State
    @usableFromInline let body: (State, Int, Range<Int>) -> Void
    @usableFromInline let perItem: Int

    @inlinable init(_ state: State, _ body: @escaping (State, Int, Range<Int>) -> Void, perItem: Int) {
        self.state = state
        self.body = body
        self.perItem = perItem
    }
}

/// One parallel loop as the pool's C workers see it: reached through a raw pointer to the caller's
/// stack. `call` is the caller's trampoline to its `ChunkTask` at `task` — context-free, so
/// storing it allocates nothing.
private struct ChunkJob {
    let count: Int
    let chunks: Int
    let perChunk: Int
    /// Per chunk, how many of its blocks have been claimed (atomic increments, by anyone).
    let claimed: UnsafeMutablePointer<Int>
    let task: UnsafeMutableRawPointer
    let call: (UnsafeMutableRawPointer, Int, Range<Int>) -> Void

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
                call(task, i, (count * block / blocks)..<(count * (block + 1) / blocks))
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
@usableFromInline
final class WorkerPool: @unchecked Sendable {
    private let pool: OpaquePointer?

    init(threads: Int) { pool = sg_pool_create(Int32(threads)) }
    deinit { sg_pool_destroy(pool) }

    /// Runs one parallel loop of `count` over `chunks` (> 1) tasks, each block as `call(task, chunk, range)`.
    @usableFromInline
    func run(_ count: Int, grain: Int, chunks: Int, task: UnsafeMutableRawPointer,
             _ call: @escaping (UnsafeMutableRawPointer, Int, Range<Int>) -> Void) {
        let perChunk = max(1, min(ParallelLoop.blocksPerThread, count / max(grain, 1) / chunks))
        withUnsafeTemporaryAllocation(of: Int.self, capacity: chunks) { claimed in
            guard let claimed = claimed.baseAddress else { return }
            claimed.initialize(repeating: 0, count: chunks)
            var job = ChunkJob(count: count, chunks: chunks, perChunk: perChunk, claimed: claimed, task: task, call: call)
            withUnsafeMutablePointer(to: &job) { sg_pool_run(pool, Int32(chunks), runChunk, UnsafeMutableRawPointer($0)) }
        }
    }

    func rest() { sg_pool_rest(pool) }
}
