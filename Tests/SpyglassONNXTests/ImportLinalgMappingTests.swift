import Foundation
import XCTest
import SpyglassIR
import SpyglassONNX

/// Which IR ops MatMul, Gemm, 1-D Conv and the pooling ops become: the fast Darknet-style ops exactly when they
/// compute the same thing, the general ops otherwise. (Values are checked by the node conformance test.)
final class ImportLinalgMappingTests: XCTestCase {
    private func kinds(_ nodes: [ONNXNode], input: [Int], initializers: [ONNXTensor] = [], opset: Int64 = 17) throws -> [OpKind] {
        let graph = ONNXGraph(name: "m", nodes: nodes, initializers: initializers,
                              inputs: [ONNXValueInfo(name: "x", elementType: .float, shape: input.map { .value(Int64($0)) })],
                              outputs: [ONNXValueInfo(name: nodes.last?.outputs.first ?? "x", elementType: .float, shape: nil)])
        let model = ONNXModel(irVersion: 8, opsetImports: [ONNXOpsetImport(version: opset)], graph: graph)
        return try ONNXImporter.importModel(model).nodes.map(\.op.kind)
    }

    private func weights(_ name: String, _ dims: [Int]) -> ONNXTensor {
        ONNXTensor(name: name, floats: (0..<dims.reduce(1, *)).map { Float($0) / 10 }, dims: dims)
    }

    func testMatMulOfAMatrixByAConstantMatrixIsAFullyConnectedLayer() throws {
        let node = ONNXNode(name: "mm", opType: "MatMul", inputs: ["x", "w"], outputs: ["y"])
        XCTAssertEqual(try kinds([node], input: [3, 4], initializers: [weights("w", [4, 5])]), [.fullyConnected])
        // A rank-3 left operand is a batch of products, not one flattened row per item.
        XCTAssertEqual(try kinds([node], input: [2, 3, 4], initializers: [weights("w", [4, 5])]), [.matMul])
    }

    func testGemmWithConstantBAndAPerOutputBiasIsOneFullyConnectedLayer() throws {
        let plain = ONNXNode(name: "g", opType: "Gemm", inputs: ["x", "b", "c"], outputs: ["y"], attributes: ["transB": .int(1)])
        XCTAssertEqual(try kinds([plain], input: [3, 4], initializers: [weights("b", [5, 4]), weights("c", [5])]), [.fullyConnected])
        let scaled = ONNXNode(name: "g", opType: "Gemm", inputs: ["x", "b", "c"], outputs: ["y"],
                              attributes: ["alpha": .float(0.5), "beta": .float(2)])
        XCTAssertEqual(try kinds([scaled], input: [3, 4], initializers: [weights("b", [4, 5]), weights("c", [1, 5])]), [.fullyConnected])
    }

    func testGemmWithAMatrixCAddsItAfterTheProduct() throws {
        let node = ONNXNode(name: "g", opType: "Gemm", inputs: ["x", "b", "c"], outputs: ["y"], attributes: ["transA": .int(1)])
        XCTAssertEqual(try kinds([node], input: [4, 3], initializers: [weights("b", [4, 5]), weights("c", [3, 5])]),
                       [.transpose, .fullyConnected, .binary])
    }

    func testTwoDimensionalFloatPoolingKeepsTheDarknetStyleOps() throws {
        let max = ONNXNode(name: "p", opType: "MaxPool", inputs: ["x"], outputs: ["y"],
                           attributes: ["kernel_shape": .ints([2, 2]), "strides": .ints([2, 2])])
        XCTAssertEqual(try kinds([max], input: [1, 2, 4, 4]), [.maxPool])
        let avg = ONNXNode(name: "p", opType: "AveragePool", inputs: ["x"], outputs: ["y"],
                           attributes: ["kernel_shape": .ints([3, 3]), "pads": .ints([1, 1, 1, 1])])
        XCTAssertEqual(try kinds([avg], input: [1, 2, 4, 4]), [.avgPool])
    }

    func testOneDimensionalConvIsAConv2DOfHeightOneBetweenReshapes() throws {
        let node = ONNXNode(name: "c", opType: "Conv", inputs: ["x", "w"], outputs: ["y"], attributes: ["pads": .ints([1, 2])])
        XCTAssertEqual(try kinds([node], input: [1, 2, 8], initializers: [weights("w", [3, 2, 3])]), [.reshape, .conv2d, .reshape])
    }

    func testPoolingBeyondTheDarknetStyleOpsBecomesTheGeneralPool() throws {
        let ceil = ONNXNode(name: "p", opType: "MaxPool", inputs: ["x"], outputs: ["y"],
                            attributes: ["kernel_shape": .ints([3, 3]), "strides": .ints([2, 2]), "ceil_mode": .int(1)])
        XCTAssertEqual(try kinds([ceil], input: [1, 2, 4, 4]), [.pool])
        let dilated = ONNXNode(name: "p", opType: "AveragePool", inputs: ["x"], outputs: ["y"],
                               attributes: ["kernel_shape": .ints([2, 2]), "dilations": .ints([2, 2])])
        XCTAssertEqual(try kinds([dilated], input: [1, 2, 4, 4], opset: 19), [.pool])
        let oneD = ONNXNode(name: "p", opType: "MaxPool", inputs: ["x"], outputs: ["y"], attributes: ["kernel_shape": .ints([2])])
        XCTAssertEqual(try kinds([oneD], input: [1, 2, 8]), [.pool])
    }
}
