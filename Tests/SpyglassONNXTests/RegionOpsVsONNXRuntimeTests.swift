import XCTest
import SpyglassIR
import SpyglassONNX

/// RoiAlign (half_pixel) and MaxRoiPool, which no ONNX node test covers with these settings (none
/// at all for MaxRoiPool): Spyglass's kernels against ONNX Runtime on seeded random inputs and rois.
final class RegionOpsVsONNXRuntimeTests: XCTestCase {
    func testRoiAlignAndMaxRoiPoolMatchONNXRuntimeOnRandomRois() throws {
        for seed in UInt64(1)...4 {
            let result = try compareExportWithONNXRuntime(TestGraphs.regionOps(seed: seed), seed: seed, label: "region ops seed \(seed)")
            for (name, values) in result.ortOutputs {
                XCTAssertTrue(values.contains { $0 != 0 }, "\(name): ONNX Runtime gave only zeros, the comparison shows nothing")
            }
        }
    }
}
