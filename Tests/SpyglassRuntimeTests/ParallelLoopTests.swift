import SpyglassRuntime
import XCTest

/// The worker pool behind `ParallelLoop`: every index is visited once, also after the workers were
/// told to rest (sleeping on the condition variable) and woken by the next loop.
final class ParallelLoopTests: XCTestCase {
    private func visits(_ loop: ParallelLoop, count: Int) -> [Int] {
        var seen = [Int](repeating: 0, count: count)
        seen.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress
            loop.forEach(count) { range in for i in range { base?[i] += 1 } }
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
}
