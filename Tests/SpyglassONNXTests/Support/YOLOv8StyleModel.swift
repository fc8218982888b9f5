import Foundation
import TestSupport

/// The YOLOv8-shaped test detector, written with the `onnx` helper API by yolov8_style_model.py
/// beside this file (shared with `make bench`; its docstring says what is in it). Arguments:
/// `OUT.onnx [--size N] [--width W] [--dynamic]`; by default input "images" [batch, 3, 320, 320].
enum YOLOv8StyleModel {
    static let classes = 3
    static let inputSize = 320
    /// Anchor points at 320: 40×40 + 20×20.
    static let anchors = 40 * 40 + 20 * 20

    static var scriptURL: URL {
        Fixtures.repoRoot.appendingPathComponent("Tests/SpyglassONNXTests/Support/yolov8_style_model.py")
    }

    static var script: String { (try? String(contentsOf: scriptURL, encoding: .utf8)) ?? "raise SystemExit('missing \(scriptURL.path)')" }
}
