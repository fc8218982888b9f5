@testable import SpyglassRuntime
import TestSupport
import XCTest

final class ArenaLayoutTests: XCTestCase {
    func testTensorsWithDisjointLifetimesShareMemory() {
        let layout = ArenaLayout([
            BufferLifetime(name: "a", count: 100, firstDef: 0, lastUse: 1),
            BufferLifetime(name: "b", count: 100, firstDef: 1, lastUse: 2),
            BufferLifetime(name: "c", count: 100, firstDef: 2, lastUse: 3),
        ])
        XCTAssertEqual(layout.offsets["a"], layout.offsets["c"])
        XCTAssertNotEqual(layout.offsets["a"], layout.offsets["b"])
        XCTAssertEqual(layout.totalCount, 2 * ArenaLayout.rounded(100))
    }

    func testOverlappingTensorsNeverShareMemory() {
        var r = SeededRandom(seed: 5)
        var items: [BufferLifetime] = []
        for i in 0..<60 {
            let start = r.int(0...30)
            items.append(BufferLifetime(name: "t\(i)", count: r.int(1...500), firstDef: start, lastUse: start + r.int(0...6)))
        }
        let layout = ArenaLayout(items)
        for a in items { for b in items where a.name < b.name && a.overlaps(b) {
            let (oa, ob) = (layout.offsets[a.name] ?? -1, layout.offsets[b.name] ?? -1)
            XCTAssertTrue(oa + a.count <= ob || ob + b.count <= oa, "\(a.name) and \(b.name) overlap in memory")
            XCTAssertEqual(oa % ArenaLayout.alignment, 0)
        } }
        XCTAssertLessThan(layout.totalCount, items.reduce(0) { $0 + ArenaLayout.rounded($1.count) })
    }
}
