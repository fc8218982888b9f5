import Dispatch

/// Splits a loop over `threads` workers with DispatchQueue.concurrentPerform (libdispatch's
/// own pool, so no thread is created per layer). Small loops run inline.
/// Known cost: each parallel call allocates a little (the closure handed to libdispatch); a
/// one-thread plan allocates nothing per forward.
public struct ParallelLoop: Sendable {
    public let threads: Int
    public init(threads: Int) { self.threads = max(1, threads) }

    /// Calls `body` on disjoint ranges covering 0..<count. `grain` is the least work worth a thread.
    public func forEach(_ count: Int, grain: Int = 1, _ body: (Range<Int>) -> Void) {
        forEachChunk(count, grain: grain) { _, range in body(range) }
    }

    /// As `forEach`, also passing the chunk's index (< `threads`), e.g. to pick a per-thread scratch slice.
    public func forEachChunk(_ count: Int, grain: Int = 1, _ body: (Int, Range<Int>) -> Void) {
        let chunks = min(threads, count / max(grain, 1))
        if chunks <= 1 {
            if count > 0 { body(0, 0..<count) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: chunks) { i in
            body(i, (count * i / chunks)..<(count * (i + 1) / chunks))
        }
    }
}
