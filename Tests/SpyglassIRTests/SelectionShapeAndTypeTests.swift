import XCTest
@testable import SpyglassIR

/// Shapes and element types of reduce, argMax, topK, gather, cast, compare, not and select.
final class SelectionShapeAndTypeTests: XCTestCase {
    func testReduceKeepsReducedAxesAsOneOrDropsThem() throws {
        XCTAssertEqual(try Op.reduce(ReduceAttributes(.sum, axes: [0, 2], keepDims: true)).outputShapes([[3, 4, 5]], at: "r"), [[1, 4, 1]])
        XCTAssertEqual(try Op.reduce(ReduceAttributes(.sum, axes: [0, 2], keepDims: false)).outputShapes([[3, 4, 5]], at: "r"), [[4]])
        XCTAssertEqual(try Op.reduce(ReduceAttributes(.max, axes: [1], keepDims: true)).outputShapes([[2, 0, 4]], at: "r"), [[2, 1, 4]])
        XCTAssertThrowsError(try Op.reduce(ReduceAttributes(.sum, axes: [3], keepDims: true)).outputShapes([[3, 4, 5]], at: "node 'r9'")) {
            XCTAssertTrue("\($0)".contains("r9"), "\($0)")
        }
    }

    func testArgMaxAndTopKShapesAndTypes() throws {
        let arg = Op.argMax(ArgMaxAttributes(axis: 1, keepDims: false, selectLastIndex: false))
        XCTAssertEqual(try arg.outputShapes([[2, 3, 4]], at: "a"), [[2, 4]])
        XCTAssertEqual(try arg.outputTypes([.float32], at: "a"), [.int64])
        let top = Op.topK(TopKAttributes(k: 2, axis: 2, largest: true))
        XCTAssertEqual(try top.outputShapes([[2, 3, 4]], at: "t"), [[2, 3, 2], [2, 3, 2]])
        XCTAssertEqual(try top.outputTypes([.int32], at: "t"), [.int32, .int64])
        XCTAssertThrowsError(try Op.topK(TopKAttributes(k: 5, axis: 2, largest: true)).outputShapes([[2, 3, 4]], at: "t"))
    }

    func testGatherReplacesTheAxisByTheIndicesShape() throws {
        let g = Op.gather(GatherAttributes(axis: 1))
        XCTAssertEqual(try g.outputShapes([[5, 4, 3], [2, 2]], at: "g"), [[5, 2, 2, 3]])
        XCTAssertEqual(try g.outputTypes([.uint8, .int32], at: "g"), [.uint8])
        XCTAssertThrowsError(try g.outputTypes([.float32, .float32], at: "g"))
    }

    func testComparisonsGiveBoolAndSelectNeedsABoolCondition() throws {
        XCTAssertEqual(try Op.compare(.less).outputShapes([[3, 1], [1, 4]], at: "c"), [[3, 4]])
        XCTAssertEqual(try Op.compare(.less).outputTypes([.int64, .int64], at: "c"), [.bool])
        XCTAssertThrowsError(try Op.compare(.less).outputTypes([.int64, .float32], at: "c"))
        XCTAssertEqual(try Op.select.outputShapes([[3, 1], [4], [1, 1]], at: "s"), [[3, 4]])
        XCTAssertEqual(try Op.select.outputTypes([.bool, .int64, .int64], at: "s"), [.int64])
        XCTAssertThrowsError(try Op.select.outputTypes([.float32, .int64, .int64], at: "s"))
        XCTAssertThrowsError(try Op.not.outputTypes([.float32], at: "n"))
        XCTAssertEqual(try Op.cast(.uint8).outputTypes([.float32], at: "k"), [.uint8])
    }
}
