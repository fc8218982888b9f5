import SpyglassDarknet
import SpyglassDetection
import SpyglassIR
import SpyglassRuntime
import TestSupport
import XCTest
import YOLOPlugin

/// Registration, matching, defaults and the errors a detector gives for graphs it cannot interpret.
final class YOLOPluginRegistryTests: XCTestCase {
    override class func setUp() { YOLOPlugins.registerAll() }

    func testRegisterAllIsIdempotentAndListsTheThreeFamilies() {
        YOLOPlugins.registerAll()
        let before = PluginRegistry.all.map { $0.name }
        YOLOPlugins.registerAll()
        XCTAssertEqual(PluginRegistry.all.map { $0.name }, before)
        for name in ["yolov1", "yolov2", "yolov3"] {
            XCTAssertEqual(before.filter { $0 == name }.count, 1, "\(name) registered once")
            XCTAssertEqual(PluginRegistry.plugin(named: name)?.name, name)
            XCTAssertFalse(PluginRegistry.plugin(named: name)?.summary.isEmpty ?? true)
        }
        XCTAssertNil(PluginRegistry.plugin(named: "ssd"))
    }

    func testRegistryIsSafeUnderConcurrentRegistrationAndLookup() {
        DispatchQueue.concurrentPerform(iterations: 200) { i in
            if i % 2 == 0 { YOLOPlugins.registerAll() } else { _ = PluginRegistry.plugin(named: "yolov3") }
        }
        // Each of this family's plugins is registered exactly once (other families, e.g. yolov8, may be too).
        for name in ["yolov1", "yolov2", "yolov3"] {
            XCTAssertEqual(PluginRegistry.all.filter { $0.name == name }.count, 1, name)
        }
    }

    func testEachDarknetFamilyMatchesOnlyItsOwnPlugin() throws {
        for (cfg, expected) in [("yolov3-tiny", "yolov3"), ("yolov3", "yolov3"), ("yolov2-tiny", "yolov2"),
                                ("yolov2", "yolov2"), ("yolov1-tiny", "yolov1")] {
            let graph = try YOLOTest.structure(cfg).graph
            XCTAssertEqual(PluginRegistry.plugin(for: graph)?.name, expected, cfg)
            let matching = YOLOPlugins.all.filter { $0.matches(graph) }.map { $0.name }
            XCTAssertEqual(matching, [expected], cfg)
        }
    }

    func testMetadataPluginThatDoesNotMatchFallsBackToTheMatchingOne() throws {
        var graph = try YOLOTest.structure("yolov3-tiny").graph
        graph.metadata.plugin = "yolov2"
        XCTAssertEqual(PluginRegistry.plugin(for: graph)?.name, "yolov3")
    }

    func testYOLOv3TinyDefaultsComeFromTheGraphAndDarknetsDetectorTest() throws {
        var graph = try YOLOTest.structure("yolov3-tiny").graph
        let d = try YOLOv3Plugin(graph: graph).defaults
        XCTAssertEqual(d.inputWidth, 416)
        XCTAssertEqual(d.inputHeight, 416)
        XCTAssertEqual(d.threshold, 0.5)  // darknet detector test -thresh default
        XCTAssertEqual(d.nmsThreshold, 0.45)
        XCTAssertEqual(d.preprocessing, .darknetLetterbox)
        XCTAssertEqual(d.classNames.count, 80)
        graph.metadata.classNames = (0..<80).map { "name\($0)" }
        XCTAssertEqual(try YOLOv3Plugin(graph: graph).defaults.classNames[7], "name7")
    }

    func testYOLOv1DefaultsFollowDarknetsYoloTest() throws {
        var graph = try YOLOTest.structure("yolov1-tiny").graph
        graph.metadata.preprocessing = nil
        let d = try YOLOv1Plugin(graph: graph).defaults
        XCTAssertEqual([d.inputWidth, d.inputHeight], [448, 448])
        XCTAssertEqual(d.threshold, 0.2)
        XCTAssertEqual(d.nmsThreshold, 0.4)
        XCTAssertEqual(d.preprocessing, .stretch)
        XCTAssertEqual(d.classNames.count, 20)
    }

    func testAGraphWithoutADetectionHeadIsAClearError() throws {
        let graph = Graph(name: "classifier", inputs: [ValueInfo(name: "x", type: .float32([1, 3, 8, 8]))], outputs: ["y"],
                          nodes: [Node(name: "relu", op: .activation(.relu), inputs: ["x"], outputs: ["y"])])
        XCTAssertNil(PluginRegistry.plugin(for: graph))
        XCTAssertThrowsError(try Detector(graph: graph)) { error in
            guard case DetectorError.noDetectionHead(let name, let registered) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(name, "classifier")
            XCTAssertTrue(registered.contains("yolov3"))
            XCTAssertTrue("\(error)".contains("no detection head"), "\(error)")
        }
    }

    func testUnknownOrMismatchedPluginNamesAreClearErrors() throws {
        let graph = try YOLOTest.structure("yolov2-tiny").graph
        XCTAssertThrowsError(try Detector(graph: graph, plugin: "nope")) { error in
            XCTAssertEqual(error as? DetectorError, .unknownPlugin(name: "nope", registered: PluginRegistry.all.map { $0.name }))
        }
        XCTAssertThrowsError(try Detector(graph: graph, plugin: "yolov3")) { error in
            guard case DetectorError.pluginMismatch(let p, _, let reason) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(p, "yolov3")
            XCTAssertTrue(reason.contains("region"), reason)
        }
    }

    func testYOLO9000SoftmaxTreeIsRefusedWithAClearError() throws {
        XCTAssertThrowsError(try YOLOTest.structure("yolo9000")) { error in
            XCTAssertTrue("\(error)".contains("tree"), "\(error)")
        }
    }
}
