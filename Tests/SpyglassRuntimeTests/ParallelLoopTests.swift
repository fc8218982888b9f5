import SpyglassRuntime
import XCTest

/// The worker pool behind `ParallelLoop`: every index is visited once, also after the workers were
/// told to rest (sleeping on the condition variable) and woken by the next loop.
final class ParallelLoopTests: XCTestCase {
    private func visits(_ loop: ParallelLoop, count: Int) -> [Int] {
        var seen = [Int](repeating: 0, count: count)
        seen.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress
            loop.forEach(count, base) { base, range in for i in range { base?[i] += 1 } }
        }
        return seen
    }

    func testEveryIndexRunsOnceWhetherWorkersSpinOrRest() {
        let loop = ParallelLoop(threads: 3)
        for round in 0..<50 {
            XCTAssertEqual(visits(loop, count: 97), [Int](repeating: 1, count: 97), "round \(round)")
            if round % 2 == 0 { loop.rest() }
            if round % 10 == 0 { usleep(200) }  // past the spin: the workers are asleep
        }
    }

    func testRestBeforeAnyLoopAndWithoutWorkersIsHarmless() {
        let loop = ParallelLoop(threads: 2)
        loop.rest(); loop.rest()
        XCTAssertEqual(visits(loop, count: 10), [Int](repeating: 1, count: 10))
        XCTAssertEqual(visits(ParallelLoop(threads: 1), count: 5), [Int](repeating: 1, count: 5))
    }

    func testAStalledThreadsShareIsTakenByTheOthersAndChunkSlotsNeverOverlap() {
        // Chunk 0's first block stalls 100 ms (a descheduled thread): the other thread runs its own
        // share, then claims chunk 0's blocks not yet started, so it does most of the loop meanwhile.
        // Every index still runs once; a chunk index (a per-thread scratch slot) is < threads and
        // never in use twice at once.
        let threads = 2, count = 64
        let loop = ParallelLoop(threads: threads)
        var seen = [Int](repeating: 0, count: count)
        var inUse = [Int](repeating: 0, count: threads)
        var blocksBy = [Int](repeating: 0, count: threads)
        var flags = (overlap: false, stalled: false)
        seen.withUnsafeMutableBufferPointer { seen in
            inUse.withUnsafeMutableBufferPointer { inUse in
                blocksBy.withUnsafeMutableBufferPointer { blocksBy in
                    withUnsafeMutablePointer(to: &flags) { flags in
                        loop.forEachChunk(count, (seen, inUse, blocksBy, flags, threads)) { state, chunk, range in
                            let (seen, inUse, blocksBy, flags, threads) = state
                            guard chunk < threads, let s = seen.baseAddress, let u = inUse.baseAddress, let b = blocksBy.baseAddress else {
                                return
                            }
                            u[chunk] += 1
                            if u[chunk] > 1 { flags.pointee.overlap = true }
                            if chunk == 0 && !flags.pointee.stalled { flags.pointee.stalled = true; usleep(100_000) }
                            for i in range { s[i] += 1 }
                            b[chunk] += 1
                            u[chunk] -= 1
                        }
                    }
                }
            }
        }
        XCTAssertEqual(seen, [Int](repeating: 1, count: count))
        XCTAssertFalse(flags.overlap, "a chunk slot was used by two threads at once")
        XCTAssertEqual(blocksBy.reduce(0, +), threads * ParallelLoop.blocksPerThread)
        // (If the worker had not woken at all during the stall, the caller alone ran every block: also right.)
        if blocksBy[1] > 0 {
            XCTAssertGreaterThan(blocksBy[1], blocksBy[0], "the thread that did not stall should have claimed more blocks")
        }
    }
}
