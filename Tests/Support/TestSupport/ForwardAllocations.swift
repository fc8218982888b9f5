import CMallocCounter
import SpyglassRuntime

/// Allocation calls made while `body` runs, counted by interposing malloc & co.: `counted` on this
/// thread and the runtime's pool workers, `others` ("name: calls, …") on any other thread of the
/// test process, which are not the code under test's.
public func allocationCalls(during body: () throws -> Void) rethrows -> (counted: Int, others: String) {
    sg_malloc_count_start()
    defer { _ = sg_malloc_count_stop() }
    try body()
    let counted = sg_malloc_count_stop()
    var text = [CChar](repeating: 0, count: 512)
    _ = sg_malloc_count_others(&text, Int32(text.count))
    return (counted, String(cString: text))
}

/// Allocation calls during `runs` executions of `plan` on `feeds`, after `warmup` untimed ones, on
/// the forward's own threads: what a planned forward allocates after warm-up.
public func forwardAllocations(_ plan: Plan, _ feeds: [String: Tensor], warmup: Int = 2, runs: Int = 3) throws -> Int {
    for _ in 0..<warmup { try plan.execute(feeds) }
    let calls = try allocationCalls { for _ in 0..<runs { try plan.execute(feeds) } }
    if !calls.others.isEmpty { print("allocations on other threads meanwhile (not counted): \(calls.others)") }
    return calls.counted
}
