import SpyglassDarknet
import SpyglassIR
import TestSupport
import XCTest

/// Every supported Debian cfg imports, verifies, and has libdarknet's output shape at every layer.
final class ReferenceShapeTests: XCTestCase {
    static let detectors = [
        "yolov1-tiny", "yolov1", "yolov2-tiny", "yolov2", "yolov2-voc", "yolov2-tiny-voc",
        "yolov3-tiny", "yolov3", "yolov3-spp", "yolov3-voc", "yolov3-openimages",
    ]
    static let classifiers = [
        "darknet53", "darknet19", "tiny", "extraction", "resnet50", "resnext50", "densenet201", "alexnet",
    ]

    func testEveryDetectorCfgMatchesLibdarknetLayerByLayer() throws {
        for name in Self.detectors { try checkAgainstReference(name) }
    }

    func testClassifierCfgsMatchLibdarknetLayerByLayer() throws {
        for name in Self.classifiers { try checkAgainstReference(name) }
    }

    private func checkAgainstReference(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        try Conformance.requireReference()
        let url = Fixtures.cfg(name)
        let model: DarknetModel
        do { model = try DarknetImporter.load(cfg: url, weights: nil) } catch {
            XCTFail("\(name): \(error)", file: file, line: line); return
        }
        XCTAssertNoThrow(try Verifier.verify(model.graph), name, file: file, line: line)
        let shapes = try ShapeInference.infer(model.graph)
        let ref = try DarknetReference(cfg: url.path, weights: nil)
        XCTAssertEqual(model.graph.inputs.first?.type.shape.concrete, ref.inputShape, name, file: file, line: line)
        XCTAssertEqual(model.layers.count, ref.layerCount, "\(name): layer count", file: file, line: line)
        for (i, layer) in model.layers.enumerated() where i < ref.layerCount {
            XCTAssertEqual(layer.index, i, file: file, line: line)
            let ours = shapes[layer.output] ?? []
            let theirs = ref.layerOutput(i)
            if theirs.shape.allSatisfy({ $0 > 0 }) {
                XCTAssertEqual(Array(ours.dropFirst()), theirs.shape, "\(name) layer \(i) [\(layer.section)]", file: file, line: line)
            } else {
                // softmax, detection and cost layers have no image dims in Darknet: compare sizes.
                XCTAssertEqual(ours.reduce(1, *), theirs.values.count, "\(name) layer \(i) [\(layer.section)] size", file: file, line: line)
            }
        }
    }

    func testDetectorOutputsAndPluginFollowTheOutputLayers() throws {
        let v3 = try DarknetImporter.load(cfg: Fixtures.cfg("yolov3"), weights: nil)
        XCTAssertEqual(v3.graph.outputs, ["L82.yolo", "L94.yolo", "L106.yolo"])
        XCTAssertEqual(v3.graph.metadata.plugin, "yolov3")
        let v2 = try DarknetImporter.load(cfg: Fixtures.cfg("yolov2-voc"), weights: nil)
        XCTAssertEqual(v2.graph.outputs, ["L31.region"])
        XCTAssertEqual(v2.graph.metadata.plugin, "yolov2")
        let v1 = try DarknetImporter.load(cfg: Fixtures.cfg("yolov1-tiny"), weights: nil)
        XCTAssertEqual(v1.graph.metadata.plugin, "yolov1")
        XCTAssertEqual(v1.graph.outputs, [v1.layers.last?.output ?? ""])
        let classifier = try DarknetImporter.load(cfg: Fixtures.cfg("darknet19"), weights: nil)
        XCTAssertNil(classifier.graph.metadata.plugin)
        XCTAssertEqual(classifier.graph.outputs, [classifier.layers.last?.output ?? ""])
    }
}
