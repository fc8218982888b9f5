import SpyglassDarknet
import SpyglassDetection
import SpyglassIR
import TestSupport
import XCTest
import YOLOPlugin

/// Backbone / neck / head split, checked in Darknet layer numbers reasoned from each cfg.
final class YOLOPartsTests: XCTestCase {
    override class func setUp() { YOLOPlugins.registerAll() }

    /// Parts as sets of Darknet layer indices; fails if one layer's nodes land in two parts.
    private func layerParts(_ cfg: String, file: StaticString = #filePath, line: UInt = #line) throws
        -> (backbone: Set<Int>, neck: Set<Int>, head: Set<Int>, layers: Int) {
        let model = try YOLOTest.structure(cfg)
        let plugin = try XCTUnwrap(PluginRegistry.plugin(for: model.graph), file: file, line: line)
        let parts = try plugin.init(graph: model.graph).parts(of: model.graph)
        XCTAssertEqual(parts.backbone.count + parts.neck.count + parts.head.count, model.graph.nodes.count,
                       "\(cfg): every node in exactly one part", file: file, line: line)
        let layerOf = YOLOTest.layerOfNode(model)
        func layers(_ names: [String]) -> Set<Int> { Set(names.compactMap { layerOf[$0] }) }
        let b = layers(parts.backbone), n = layers(parts.neck), h = layers(parts.head)
        XCTAssertTrue(b.isDisjoint(with: n) && b.isDisjoint(with: h) && n.isDisjoint(with: h),
                      "\(cfg): a Darknet layer was split across parts", file: file, line: line)
        return (b, n, h, model.layers.count)
    }

    func testYOLOv3BackboneIsDarknet53AndEachScaleHasATwoConvHead() throws {
        let p = try layerParts("yolov3")
        XCTAssertEqual(p.layers, 107)
        XCTAssertEqual(p.backbone, Set(0...74))
        XCTAssertEqual(p.head, [80, 81, 82, 92, 93, 94, 104, 105, 106])
        XCTAssertEqual(p.neck, Set(75...106).subtracting(p.head))
    }

    func testYOLOv3SPPKeepsDarknet53AsBackboneAndPutsSPPInTheNeck() throws {
        let p = try layerParts("yolov3-spp")
        XCTAssertEqual(p.backbone, Set(0...74))
        XCTAssertTrue(p.neck.isSuperset(of: 75...85), "SPP block and conv set are neck: \(p.neck.sorted())")
        XCTAssertEqual(p.head.count, 9)
    }

    func testYOLOv3TinyEndsTheBackboneAtTheLastPoolBeforeTheConvSet() throws {
        let p = try layerParts("yolov3-tiny")
        XCTAssertEqual(p.backbone, Set(0...11))
        XCTAssertEqual(p.neck, [12, 13, 17, 18, 19, 20])
        XCTAssertEqual(p.head, [14, 15, 16, 21, 22, 23])
    }

    func testYOLOv2TinyHasNoNeck() throws {
        let p = try layerParts("yolov2-tiny")
        XCTAssertEqual(p.backbone, Set(0...12))
        XCTAssertEqual(p.neck, [])
        XCTAssertEqual(p.head, [13, 14, 15])
    }

    func testYOLOv2PassthroughRouteAndReorgAreTheNeck() throws {
        let p = try layerParts("yolov2")
        XCTAssertEqual(p.backbone, Set(0...24))
        XCTAssertEqual(p.neck, [25, 26, 27, 28])
        XCTAssertEqual(p.head, [29, 30, 31])
    }

    func testYOLOv1TinyHeadIsTheLastConvTheConnectedLayerAndDetection() throws {
        let p = try layerParts("yolov1-tiny")
        XCTAssertEqual(p.backbone, Set(0...12))
        XCTAssertEqual(p.neck, [])
        XCTAssertEqual(p.head, [13, 14, 15])
    }
}
