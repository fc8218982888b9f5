import Dispatch

/// Splits a loop over `threads` workers with DispatchQueue.concurrentPerform (libdispatch's
/// own pool, so no thread is created per layer). Small loops run inline.
public struct ParallelLoop: Sendable {
    public let threads: Int
    public init(threads: Int) { self.threads = max(1, threads) }

    /// Calls `body` on disjoint ranges covering 0..<count. `grain` is the least work worth a thread.
    public func forEach(_ count: Int, grain: Int = 1, _ body: (Range<Int>) -> Void) {
        let chunks = min(threads, count / max(grain, 1))
        if chunks <= 1 {
            if count > 0 { body(0..<count) }
            return
        }
        DispatchQueue.concurrentPerform(iterations: chunks) { i in
            body((count * i / chunks)..<(count * (i + 1) / chunks))
        }
    }
}
