import XCTest
@testable import SpyglassIR

final class RegionAndIndexingShapeTests: XCTestCase {
    func testNonMaxSuppressionPlansForItsLargestSelectionAndIsDataDependent() throws {
        let op = Op.nonMaxSuppression(NonMaxSuppressionAttributes(maxOutputBoxesPerClass: 3, iouThreshold: 0.5))
        XCTAssertEqual(try op.outputShapes([[2, 10, 4], [2, 5, 10]], at: "nms"), [[2 * 5 * 3, 3]])
        XCTAssertEqual(try op.outputTypes([.float32, .float32], at: "nms"), [.int64])
        XCTAssertTrue(op.hasDataDependentOutputShape)
        XCTAssertThrowsError(try op.outputShapes([[2, 10, 4], [2, 5, 9]], at: "node 'nms_3'")) { XCTAssertTrue("\($0)".contains("nms_3"), "\($0)") }
    }

    func testRoiOpsGiveOneOutputPerRoiAndCheckTheirBoxes() throws {
        let align = Op.roiAlign(RoiAlignAttributes(outputHeight: 2, outputWidth: 3))
        XCTAssertEqual(try align.outputShapes([[1, 8, 10, 10], [4, 4], [4]], at: "a"), [[4, 8, 2, 3]])
        XCTAssertThrowsError(try align.outputTypes([.float32, .float32, .float32], at: "a"))
        let pool = Op.maxRoiPool(MaxRoiPoolAttributes(pooledHeight: 2, pooledWidth: 2))
        XCTAssertThrowsError(try pool.outputShapes([[1, 8, 10, 10], [4, 4]], at: "node 'pool'")) { XCTAssertTrue("\($0)".contains("pool"), "\($0)") }
    }

    func testPadAddsAndNegativePadsCrop() throws {
        let op = Op.pad(PadAttributes(mode: .edge, begins: [0, 2, -1], ends: [1, 0, -1], value: 0))
        XCTAssertEqual(try op.outputShapes([[1, 3, 4]], at: "p"), [[2, 5, 2]])
        XCTAssertThrowsError(try Op.pad(PadAttributes(begins: [-3], ends: [-2])).outputShapes([[4]], at: "p"))
        XCTAssertThrowsError(try Op.pad(PadAttributes(mode: .reflect, begins: [1], ends: [0])).outputShapes([[0]], at: "p"))
    }

    func testStridedSliceRejectsIndicesOutsideTheInput() throws {
        let ok = StridedSliceAttributes(starts: [4, 0], steps: [-2, 3], sizes: [3, 2])
        XCTAssertEqual(try Op.stridedSlice(ok).outputShapes([[5, 4]], at: "s"), [[3, 2]])
        let past = StridedSliceAttributes(starts: [4, 0], steps: [-2, 3], sizes: [4, 2])
        XCTAssertThrowsError(try Op.stridedSlice(past).outputShapes([[5, 4]], at: "node 'slice_9'")) { XCTAssertTrue("\($0)".contains("slice_9"), "\($0)") }
        XCTAssertEqual(try Op.stridedSlice(StridedSliceAttributes(starts: [0], steps: [1], sizes: [0])).outputShapes([[5]], at: "s"), [[0]])
    }

    func testTileMultipliesAndExpandBroadcasts() throws {
        XCTAssertEqual(try Op.tile(TileAttributes(repeats: [2, 3])).outputShapes([[2, 1]], at: "t"), [[4, 3]])
        XCTAssertEqual(try Op.expand(ExpandAttributes(shape: [3, 1, 4])).outputShapes([[2, 1]], at: "e"), [[3, 2, 4]])
        XCTAssertThrowsError(try Op.expand(ExpandAttributes(shape: [3])).outputShapes([[2]], at: "e"))
    }

    func testReshapeWithAllowZeroKeepsAZeroDim() throws {
        XCTAssertEqual(try ReshapeAttributes(shape: [3, 4, 0], allowZero: true).resolve([0, 3, 4]), [3, 4, 0])
        XCTAssertEqual(try ReshapeAttributes(shape: [0, 4]).resolve([3, 2, 2]), [3, 4])
    }
}
