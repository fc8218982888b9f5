import CMallocCounter
import SpyglassRuntime

/// Allocation calls (every thread, counted by interposing malloc & co.) during `runs` executions of
/// `plan` on `feeds`, after `warmup` untimed ones: what a planned forward allocates after warm-up.
public func forwardAllocations(_ plan: Plan, _ feeds: [String: Tensor], warmup: Int = 2, runs: Int = 3) throws -> Int {
    for _ in 0..<warmup { try plan.execute(feeds) }
    sg_malloc_count_start()
    defer { _ = sg_malloc_count_stop() }
    for _ in 0..<runs { try plan.execute(feeds) }
    return sg_malloc_count_stop()
}
