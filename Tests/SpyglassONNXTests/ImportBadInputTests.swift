import Foundation
import XCTest
import SpyglassIR
import SpyglassONNX

/// Models the importer cannot take give one clear error, never a crash.
final class ImportBadInputTests: XCTestCase {
    private func model(_ nodes: [ONNXNode], opset: Int64 = 17, initializers: [ONNXTensor] = []) -> ONNXModel {
        let graph = ONNXGraph(name: "bad", nodes: nodes, initializers: initializers,
                              inputs: [ONNXValueInfo(name: "x", elementType: .float, shape: [.value(1), .value(2), .value(4), .value(4)])],
                              outputs: [ONNXValueInfo(name: nodes.last?.outputs.first ?? "x", elementType: .float, shape: nil)])
        return ONNXModel(irVersion: 8, opsetImports: [ONNXOpsetImport(version: opset)], graph: graph)
    }

    func testUnknownOpsAreAllNamedInOneError() {
        let m = model([
            ONNXNode(name: "a", opType: "Relu", inputs: ["x"], outputs: ["r"]),
            ONNXNode(name: "weird_1", opType: "FancyOp", inputs: ["r"], outputs: ["f1"]),
            ONNXNode(name: "weird_2", opType: "FancyOp", inputs: ["f1"], outputs: ["f2"]),
            ONNXNode(name: "lstm", opType: "LSTM", inputs: ["f2"], outputs: ["l"]),
            ONNXNode(name: "custom", opType: "Thing", domain: "com.example", inputs: ["l"], outputs: ["y"]),
        ])
        XCTAssertThrowsError(try ONNXImporter.importModel(m)) { error in
            XCTAssertEqual(error as? ONNXError, .unsupportedOps([
                UnsupportedOp(opType: "FancyOp", node: "weird_1"), UnsupportedOp(opType: "LSTM", node: "lstm"),
                UnsupportedOp(opType: "com.example.Thing", node: "custom"),
            ], opset: 17))
            let text = "\(error)"
            XCTAssertTrue(text.contains("3 unsupported ONNX op types at opset 17"), text)
            XCTAssertTrue(text.contains("LSTM (e.g. node 'lstm')"), text)
        }
    }

    func testOpsetOutsideTheSupportedRangeIsRefused() {
        XCTAssertThrowsError(try ONNXImporter.importModel(model([ONNXNode(name: "a", opType: "Relu", inputs: ["x"], outputs: ["y"])], opset: 29))) {
            XCTAssertEqual($0 as? ONNXError, .unsupportedOpset(29, supported: 1...28))
        }
    }

    func testAttributeWithoutAnIREquivalentNamesTheNode() {
        let m = model([ONNXNode(name: "up", opType: "Resize", inputs: ["x", "", "s"], outputs: ["y"], attributes: ["mode": .string("bicubic")])],
                      initializers: [ONNXTensor(name: "s", floats: [1, 1, 2, 2], dims: [4])])
        XCTAssertThrowsError(try ONNXImporter.importModel(m)) { error in
            guard case .importFailed(let node, let message)? = error as? ONNXError else { return XCTFail("\(error)") }
            XCTAssertTrue(node.contains("'up'"), node)
            XCTAssertTrue(message.contains("mode 'bicubic'"), message)
        }
    }

    func testNonConstantWeightIsAnErrorNotACrash() {
        let m = model([ONNXNode(name: "conv", opType: "Conv", inputs: ["x", "x"], outputs: ["y"])])
        XCTAssertThrowsError(try ONNXImporter.importModel(m)) { error in
            XCTAssertTrue("\(error)".contains("weight ('x') must be a constant"), "\(error)")
        }
    }

    func testReshapeToAnImpossibleShapeNamesTheNode() {
        let m = model([ONNXNode(name: "r", opType: "Reshape", inputs: ["x", "s"], outputs: ["y"])],
                      initializers: [ONNXTensor(name: "s", int64s: [3, -1], dims: [2])])
        XCTAssertThrowsError(try ONNXImporter.importModel(m)) { error in
            XCTAssertTrue("\(error)".contains("node 'r'"), "\(error)")
        }
    }
}
