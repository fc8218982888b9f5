import XCTest
import TestSupport

final class ReferenceBridgeTests: XCTestCase {
    func testLibdarknetLoadsYoloV3TinyAndReportsItsLayers() throws {
        if let reason = DarknetReference.unavailableReason() { throw XCTSkip(reason) }
        let ref = try DarknetReference(cfg: Fixtures.cfg("yolov3-tiny").path, weights: nil)
        XCTAssertEqual(ref.inputShape, [1, 3, 416, 416])
        XCTAssertEqual(ref.layerCount, 24)
        ref.predict([Float](repeating: 0.5, count: 3 * 416 * 416))
        XCTAssertEqual(ref.layerOutput(16).shape, [255, 13, 13])
    }
}
