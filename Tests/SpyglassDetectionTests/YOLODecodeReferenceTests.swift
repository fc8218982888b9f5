import Foundation
import SpyglassDarknet
import SpyglassDetection
import SpyglassIR
import SpyglassImage
import SpyglassRuntime
import TestSupport
import XCTest
import YOLOPlugin

/// Decoding in isolation: libdarknet's own layer outputs go through our decoder and Darknet NMS and
/// must give libdarknet's `get_network_boxes` + `do_nms_sort` detections. Importer, runtime and
/// preprocessing play no part (the importer is only asked for the cfg's attributes).
final class YOLODecodeReferenceTests: XCTestCase {
    override class func setUp() { YOLOPlugins.registerAll() }

    /// Runs libdarknet on each image, decodes its detector layers' outputs with our plugin and compares,
    /// once per NMS threshold: 0 compares the raw candidates (Darknet skips NMS), otherwise both sides
    /// run do_nms_sort.
    private func assertDecodeMatchesDarknet(cfg: URL, weights: URL, images: [String], thresh: Float, nms nmsThresholds: [Float],
                                            minimumDetections: Int = 1,
                                            file: StaticString = #filePath, line: UInt = #line) throws {
        try Conformance.requireReference(file: file, line: line)
        let reference = try DarknetReference(cfg: cfg.path, weights: weights.path)
        let model = try DarknetImporter.load(cfg: cfg, weights: nil)
        let pluginType = try XCTUnwrap(PluginRegistry.plugin(for: model.graph), file: file, line: line)
        let plugin = try pluginType.init(graph: model.graph)
        let detectorLayers = model.layers.filter { ["yolo", "region", "detection"].contains($0.section) }
        XCTAssertFalse(detectorLayers.isEmpty, file: file, line: line)
        let netW = reference.inputShape[3], netH = reference.inputShape[2]
        let classes = plugin.defaults.classNames.count
        let isV1 = pluginType.name == "yolov1"
        var total = 0
        for name in images {
            let path = Fixtures.image(name).path
            let (imageW, imageH, _) = try DarknetReference.loadImage(path)
            reference.predict(try DarknetReference.letterbox(image: path, width: netW, height: netH))
            var outputs: [String: Tensor] = [:]
            for layer in detectorLayers {
                let (shape, values) = reference.layerOutput(layer.index)
                // libdarknet leaves out_c/h/w at 0 for [detection]; it is a flat vector then.
                let dims = shape.reduce(1, *) == values.count ? [1] + shape : [1, values.count, 1, 1]
                outputs[layer.output] = Tensor(shape: dims, data: values)
            }
            // libdarknet letterboxes every input; YOLOv1's decoder never corrects for it, which is
            // what our decoder does for a stretched input.
            let transform = isV1 ? Self.stretch(imageW, imageH, netW, netH) : Self.darknetLetterbox(imageW, imageH, netW, netH)
            let decoded = try plugin.decode(outputs: outputs, transform: transform, threshold: thresh)
            for nms in nmsThresholds {
                let raw = nms > 0 ? darknetNMSSort(decoded, classes: classes, threshold: nms) : decoded
                let ours = raw.flatMap { r in
                    r.probs.enumerated().filter { $0.element > thresh }.map { YOLOTest.Found(classIndex: $0.offset, prob: $0.element, box: r.box) }
                }
                let detected = reference.detect(image: path, thresh: thresh, nms: nms, classes: classes)
                XCTAssertLessThan(detected.count, 4096, "reference output buffer full: raise the threshold", file: file, line: line)
                // libdarknet's [detection] boxes are in pixels whatever `relative` says.
                let expected = isV1 ? YOLOTest.found(detected, scaleX: 1 / Float(imageW), scaleY: 1 / Float(imageH))
                                    : YOLOTest.found(detected)
                YOLOTest.assertSameDetections(ours, expected, "\(cfg.lastPathComponent) \(name) nms=\(nms)", file: file, line: line)
                total += expected.count
            }
        }
        XCTAssertGreaterThanOrEqual(total, minimumDetections, "the case must produce detections to prove anything", file: file, line: line)
    }

    static func darknetLetterbox(_ w: Int, _ h: Int, _ nw: Int, _ nh: Int) -> LetterboxTransform {
        // letterbox_image's integer arithmetic, written out independently of the code under test.
        let (sw, sh) = Float(nw) / Float(w) < Float(nh) / Float(h) ? (nw, h * nw / w) : (w * nh / h, nh)
        return LetterboxTransform(mode: .darknetLetterbox, originalWidth: w, originalHeight: h, networkWidth: nw, networkHeight: nh,
                                  scaledWidth: sw, scaledHeight: sh, offsetX: (nw - sw) / 2, offsetY: (nh - sh) / 2)
    }

    static func stretch(_ w: Int, _ h: Int, _ nw: Int, _ nh: Int) -> LetterboxTransform {
        LetterboxTransform(mode: .stretch, originalWidth: w, originalHeight: h, networkWidth: nw, networkHeight: nh,
                           scaledWidth: nw, scaledHeight: nh, offsetX: 0, offsetY: 0)
    }

    /// A seeded random .weights file for a Debian cfg, written to a temporary folder.
    static func randomWeights(_ cfg: URL, seed: UInt64) throws -> URL {
        let dir = try Fixtures.temporaryDirectory("yolo-decode")
        let url = dir.appendingPathComponent(cfg.deletingPathExtension().lastPathComponent + "-\(seed).weights")
        try randomDarknetWeights(for: DarknetImporter.load(cfg: cfg, weights: nil), seed: seed).write(to: url)
        return url
    }

    func testYOLOv3TinyPretrainedDecodeMatchesDarknetBeforeAndAfterNMS() throws {
        let weights = Fixtures.pretrainedYoloV3TinyWeights
        try Conformance.requireFile(weights)
        try assertDecodeMatchesDarknet(cfg: Fixtures.cfg("yolov3-tiny"), weights: weights, images: ["dog.jpg", "person.jpg"],
                                       thresh: 0.25, nms: [0, 0.45], minimumDetections: 8)
    }

    func testYOLOv3TinyPretrainedDecodeMatchesDarknetAtALowThreshold() throws {
        let weights = Fixtures.pretrainedYoloV3TinyWeights
        try Conformance.requireFile(weights)
        try assertDecodeMatchesDarknet(cfg: Fixtures.cfg("yolov3-tiny"), weights: weights, images: ["horses.jpg"],
                                       thresh: 0.01, nms: [0.45], minimumDetections: 10)
    }

    func testYOLOv2TinyRegionDecodeMatchesDarknet() throws {
        try Conformance.requireReference()
        let cfg = Fixtures.cfg("yolov2-tiny")
        // Seed 7 gives a few hundred candidates above 0.1 on dog.jpg (random weights: ~0.3 at best).
        let weights = try Self.randomWeights(cfg, seed: 7)
        try assertDecodeMatchesDarknet(cfg: cfg, weights: weights, images: ["dog.jpg"], thresh: 0.1, nms: [0, 0.45], minimumDetections: 20)
    }

    func testYOLOv1TinyDetectionDecodeMatchesDarknet() throws {
        try Conformance.requireReference()
        let cfg = Fixtures.cfg("yolov1-tiny")
        // Random linear outputs: "probabilities" run up to ~9 with seed 3; 2.0 keeps a hundred or so.
        let weights = try Self.randomWeights(cfg, seed: 3)
        try assertDecodeMatchesDarknet(cfg: cfg, weights: weights, images: ["dog.jpg"], thresh: 2.0, nms: [0, 0.4], minimumDetections: 20)
    }
}
