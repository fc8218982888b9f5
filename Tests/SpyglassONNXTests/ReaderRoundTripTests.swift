import Foundation
import XCTest
import SpyglassDarknet
import SpyglassIR
import SpyglassONNX
import TestSupport

/// Export → read back with ONNXReader: the same nodes, attributes, initializers (bytes), value
/// infos and metadata as the exporter built.
final class ReaderRoundTripTests: XCTestCase {
    func testExportedAllOpsModelReadsBackIdentically() throws {
        let graph = TestGraphs.allOps()
        let built = try ONNXExporter.model(graph)
        let read = try ONNXReader.parse(try ONNXExporter.export(graph))
        XCTAssertEqual(read.graph.nodes.map(\.opType), built.graph.nodes.map(\.opType))
        XCTAssertEqual(read.graph.nodes.map(\.name), built.graph.nodes.map(\.name))
        XCTAssertEqual(read.graph.nodes, built.graph.nodes)
        XCTAssertEqual(read.graph.initializers.map(\.name), built.graph.initializers.map(\.name))
        XCTAssertEqual(read.graph.initializers, built.graph.initializers)
        XCTAssertEqual(read, built)
        XCTAssertEqual(read.opsetVersion(), 17)
        XCTAssertEqual(read.irVersion, 8)
    }

    func testYoloV3TinyWeightsSurviveTheRoundTripBitForBit() throws {
        let graph = try darknetGraph(cfg: Fixtures.cfg("yolov3-tiny"))
        let dir = try Fixtures.temporaryDirectory("onnx-rt")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("yolov3-tiny.onnx")
        try ONNXExporter.write(graph, to: url)
        let model = try ONNXReader.read(contentsOf: url)
        var checked = 0
        for (name, constant) in graph.constants where constant.type.dtype == .float32 {
            guard let t = model.graph.initializers.first(where: { $0.name == name }) else { continue }
            XCTAssertEqual(t.dims, constant.shape, name)
            XCTAssertEqual(t.dataType, .float, name)
            XCTAssertTrue(t.rawData == Data(buffer: constant.floats), "\(name): bytes differ")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 20, "conv weights and biases are initializers under their IR names")
        XCTAssertEqual(model.graph.inputs.map(\.name), ["input"])
        XCTAssertEqual(model.graph.inputs.first?.shape, [.value(1), .value(3), .value(416), .value(416)])
        XCTAssertEqual(model.graph.outputs.map(\.name), graph.outputs)
        XCTAssertEqual(model.graph.outputs.first?.shape, [.value(1), .value(255), .value(13), .value(13)])
    }

    func testMetadataCarriesClassNamesPluginPreprocessingAndSource() throws {
        var graph = TestGraphs.allOps()
        graph.metadata.classNames = ["person", "naïve \"quoted\" / name"]
        graph.metadata.plugin = "yolov3"
        graph.metadata.preprocessing = .darknetLetterbox
        graph.metadata.source = "darknet:test.cfg"
        graph.metadata.properties = ["weights.seen": "32013312"]
        let model = try ONNXReader.parse(try ONNXExporter.export(graph))
        let names = try JSONSerialization.jsonObject(with: Data((model.metadataValue(ONNXMetadataKeys.classNames) ?? "").utf8)) as? [String]
        XCTAssertEqual(names, ["person", "naïve \"quoted\" / name"])
        XCTAssertEqual(model.metadataValue(ONNXMetadataKeys.plugin), "yolov3")
        XCTAssertEqual(model.metadataValue(ONNXMetadataKeys.preprocessing), "darknet-letterbox")
        XCTAssertEqual(model.metadataValue(ONNXMetadataKeys.source), "darknet:test.cfg")
        XCTAssertEqual(model.metadataValue(ONNXMetadataKeys.propertyPrefix + "weights.seen"), "32013312")
    }

    func testEveryAttributeKindRoundTrips() throws {
        let sub = ONNXGraph(name: "body", nodes: [ONNXNode(name: "n", opType: "Identity", inputs: ["a"], outputs: ["b"])])
        let t = ONNXTensor(name: "t", floats: [1, -2.5], dims: [2])
        let node = ONNXNode(name: "all", opType: "Custom", domain: "test", inputs: ["x", ""], outputs: ["y"], attributes: [
            "f": .float(0.25), "i": .int(-7), "s": .string("hé"), "t": .tensor(t), "g": .graph(sub),
            "fs": .floats([1, 2]), "is": .ints([Int64.min, Int64.max]), "ss": .strings([Data([0, 255]), Data()]),
            "ts": .tensors([t, ONNXTensor(name: "u", int64s: [3], dims: [])]), "gs": .graphs([sub, sub]),
        ])
        let model = ONNXModel(irVersion: 8, opsetImports: [ONNXOpsetImport(version: 17), ONNXOpsetImport(domain: "test", version: 1)],
                              producerName: "p", producerVersion: "v", domain: "d", modelVersion: 3, docString: "doc",
                              graph: ONNXGraph(name: "g", nodes: [node], valueInfo: [ONNXValueInfo(name: "y", elementType: .float, shape: [.param("n"), .unknown, .value(4)])]),
                              metadata: [ONNXMetadataEntry(key: "k", value: "v")])
        XCTAssertEqual(try ONNXReader.parse(try ONNXWriter.serialize(model)), model)
    }
}

final class NodeAttributeLookupTests: XCTestCase {
    func testTypedLookupsGiveDefaultsAndNameWrongTypes() throws {
        let node = ONNXNode(name: "pool", opType: "MaxPool", inputs: ["x"], outputs: ["y"],
                            attributes: ["kernel_shape": .ints([2, 2]), "auto_pad": .string("NOTSET"), "alpha": .float(0.5)])
        XCTAssertEqual(try node.ints("kernel_shape"), [2, 2])
        XCTAssertEqual(try node.string("auto_pad"), "NOTSET")
        XCTAssertEqual(try node.int("ceil_mode", default: 0), 0)
        XCTAssertEqual(try node.float("alpha"), 0.5)
        XCTAssertThrowsError(try node.int("kernel_shape")) { e in
            XCTAssertEqual(e as? ONNXError, .attribute(node: "node 'pool' (MaxPool)", attribute: "kernel_shape", message: "should be int, is ints"))
        }
        XCTAssertThrowsError(try node.ints("strides")) { e in
            XCTAssertEqual(e as? ONNXError, .attribute(node: "node 'pool' (MaxPool)", attribute: "strides", message: "is required"))
        }
    }
}
