import Foundation
import XCTest
import SpyglassKit
import SpyglassRuntime

final class NPYTests: XCTestCase {
    func testReadsWhatNumpyWrites() throws {
        // Bytes of np.save(f, np.arange(6, dtype=np.float32).reshape(2, 3)), written out by numpy 2.x.
        let py = """
        import numpy as np, sys
        np.save(sys.argv[1], np.arange(6, dtype=np.float32).reshape(2, 3))
        """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("npy-\(UUID().uuidString).npy").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", py, path]
        try p.run(); p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw XCTSkip("numpy not available") }
        let t = try NPY.read(path)
        XCTAssertEqual(t.shape, [2, 3])
        XCTAssertEqual(t.data, [0, 1, 2, 3, 4, 5])
    }

    func testRoundTripsAndRejectsGarbage() throws {
        let t = Tensor(shape: [1, 2, 2], data: [1, -2, 3.5, 4])
        XCTAssertEqual(try NPY.decode([UInt8](NPY.encode(t)), name: "t"), t)
        XCTAssertThrowsError(try NPY.decode([1, 2, 3], name: "junk.npy")) { XCTAssertTrue("\($0)".contains("junk.npy")) }
        var truncated = [UInt8](NPY.encode(t)); truncated.removeLast(3)
        XCTAssertThrowsError(try NPY.decode(truncated, name: "cut.npy")) { XCTAssertTrue("\($0)".contains("bytes")) }
    }
}
