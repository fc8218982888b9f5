import Foundation
import XCTest
import SpyglassIR
import SpyglassONNX
import SpyglassRuntime

/// How the reduction and selection rules read ONNX's opset variants (attributes that became
/// inputs), and the errors they give. The values themselves are checked by ONNX's node tests
/// (ImportNodeConformanceTests).
final class ImportSelectionOpsTests: XCTestCase {
    private func model(_ nodes: [ONNXNode], opset: Int64, initializers: [ONNXTensor] = [], outputs: [String]? = nil) -> ONNXModel {
        let graph = ONNXGraph(name: "m", nodes: nodes, initializers: initializers,
                              inputs: [ONNXValueInfo(name: "x", elementType: .float, shape: [.value(2), .value(3), .value(4)])],
                              outputs: (outputs ?? [nodes.last?.outputs.first ?? "x"]).map { ONNXValueInfo(name: $0, elementType: nil, shape: nil) })
        return ONNXModel(irVersion: 8, opsetImports: [ONNXOpsetImport(version: opset)], graph: graph)
    }

    private func onlyOp(_ m: ONNXModel) throws -> Op? {
        try ONNXImporter.importModel(m).nodes.first?.op
    }

    func testReduceAxesComeFromTheAttributeBeforeTheirOpsetAndFromTheInputFrom18() throws {
        let attr = ONNXNode(name: "r", opType: "ReduceMean", inputs: ["x"], outputs: ["y"],
                            attributes: ["axes": .ints([-1, 1]), "keepdims": .int(0)])
        XCTAssertEqual(try onlyOp(model([attr], opset: 13)), .reduce(ReduceAttributes(.mean, axes: [1, 2], keepDims: false)))
        let input = ONNXNode(name: "r", opType: "ReduceMax", inputs: ["x", "axes"], outputs: ["y"])
        XCTAssertEqual(try onlyOp(model([input], opset: 18, initializers: [ONNXTensor(name: "axes", int64s: [0], dims: [1])])),
                       .reduce(ReduceAttributes(.max, axes: [0], keepDims: true)))
        let sum11 = ONNXNode(name: "s", opType: "ReduceSum", inputs: ["x"], outputs: ["y"], attributes: ["axes": .ints([2])])
        XCTAssertEqual(try onlyOp(model([sum11], opset: 11)), .reduce(ReduceAttributes(.sum, axes: [2], keepDims: true)))
    }

    func testReduceWithoutAxesReducesEveryAxisUnlessNoopWithEmptyAxesIsSet() throws {
        let all = ONNXNode(name: "s", opType: "ReduceSum", inputs: ["x"], outputs: ["y"])
        XCTAssertEqual(try onlyOp(model([all], opset: 13)), .reduce(ReduceAttributes(.sum, axes: [0, 1, 2], keepDims: true)))
        let noop = ONNXNode(name: "s", opType: "ReduceSum", inputs: ["x"], outputs: ["y"], attributes: ["noop_with_empty_axes": .int(1)])
        XCTAssertEqual(try onlyOp(model([noop], opset: 13)), .identity)
    }

    func testReduceAxesThatAreNotConstantOrRepeatedNameTheNode() {
        let live = ONNXNode(name: "live_axes", opType: "ReduceSum", inputs: ["x", "x"], outputs: ["y"])
        XCTAssertThrowsError(try ONNXImporter.importModel(model([live], opset: 13))) { XCTAssertTrue("\($0)".contains("node 'live_axes'"), "\($0)") }
        let twice = ONNXNode(name: "twice", opType: "ReduceMean", inputs: ["x"], outputs: ["y"], attributes: ["axes": .ints([1, -2])])
        XCTAssertThrowsError(try ONNXImporter.importModel(model([twice], opset: 13))) { XCTAssertTrue("\($0)".contains("repeated axes"), "\($0)") }
    }

    func testTopKReadsKFromTheAttributeBeforeOpset10AndFromTheInputAfter() throws {
        let old = ONNXNode(name: "t", opType: "TopK", inputs: ["x"], outputs: ["v", "i"], attributes: ["k": .int(2), "axis": .int(1)])
        let g = try ONNXImporter.importModel(model([old], opset: 9, outputs: ["v", "i"]))
        XCTAssertEqual(g.nodes.first?.op, .topK(TopKAttributes(k: 2, axis: 1, largest: true)))
        XCTAssertEqual(g.nodes.first?.outputs, ["v", "i"])
        let new = ONNXNode(name: "t", opType: "TopK", inputs: ["x", "k"], outputs: ["v", "i"], attributes: ["largest": .int(0)])
        let m = model([new], opset: 11, initializers: [ONNXTensor(name: "k", int64s: [3], dims: [1])], outputs: ["v", "i"])
        XCTAssertEqual(try onlyOp(m), .topK(TopKAttributes(k: 3, axis: 2, largest: false)))
        let tooMany = model([new], opset: 11, initializers: [ONNXTensor(name: "k", int64s: [9], dims: [1])], outputs: ["v", "i"])
        XCTAssertThrowsError(try ONNXImporter.importModel(tooMany)) { XCTAssertTrue("\($0)".contains("k = 9"), "\($0)") }
    }

    func testCastToATypeTheRuntimeDoesNotHoldNamesTheNode() {
        let cast = ONNXNode(name: "to_double", opType: "Cast", inputs: ["x"], outputs: ["y"], attributes: ["to": .int(Int64(ONNXDataType.double.rawValue))])
        XCTAssertThrowsError(try ONNXImporter.importModel(model([cast], opset: 13))) { XCTAssertTrue("\($0)".contains("node 'to_double'"), "\($0)") }
    }

    func testRangeOnConstantsFoldsAtImportAndKeepsItsElementType() throws {
        let int32 = { (v: Int32) in ONNXTensor(name: "", dataType: .int32, dims: [], rawData: withUnsafeBytes(of: v.littleEndian) { Data($0) }) }
        var s = int32(10), l = int32(4), d = int32(-3)
        s.name = "s"; l.name = "l"; d.name = "d"
        let range = ONNXNode(name: "r", opType: "Range", inputs: ["s", "l", "d"], outputs: ["y"])
        let plan = try Plan(graph: try ONNXImporter.importModel(model([range], opset: 11, initializers: [s, l, d])))
        let y = try plan.run(["x": Tensor(zeros: [2, 3, 4])])["y"]
        XCTAssertEqual(y?.dtype, .int32)
        XCTAssertEqual(y?.integers, [10, 7])
    }

    func testGatherOnAComputedTensorBecomesARuntimeGather() throws {
        let relu = ONNXNode(name: "relu", opType: "Relu", inputs: ["x"], outputs: ["r"])
        let gather = ONNXNode(name: "g", opType: "Gather", inputs: ["r", "i"], outputs: ["y"], attributes: ["axis": .int(-1)])
        let m = model([relu, gather], opset: 13, initializers: [ONNXTensor(name: "i", int64s: [-1, 0], dims: [2])])
        let graph = try ONNXImporter.importModel(m)
        XCTAssertEqual(graph.nodes.last?.op, .gather(GatherAttributes(axis: 2)))
        let x = Tensor(shape: [2, 3, 4], data: (0..<24).map(Float.init))
        XCTAssertEqual(try Plan(graph: graph).run(["x": x])["y"]?.data, [3, 0, 7, 4, 11, 8, 15, 12, 19, 16, 23, 20])
    }
}

extension ImportSelectionOpsTests {
    func testReduceProdOfAShapeFoldsSoAReshapeCanUseIt() throws {
        let nodes = [
            ONNXNode(name: "shape", opType: "Shape", inputs: ["x"], outputs: ["s"], attributes: ["start": .int(1)]),
            ONNXNode(name: "prod", opType: "ReduceProd", inputs: ["s"], outputs: ["p"], attributes: ["keepdims": .int(1)]),
            ONNXNode(name: "batch", opType: "Shape", inputs: ["x"], outputs: ["b"], attributes: ["end": .int(1)]),
            ONNXNode(name: "cat", opType: "Concat", inputs: ["b", "p"], outputs: ["target"], attributes: ["axis": .int(0)]),
            ONNXNode(name: "flatten", opType: "Reshape", inputs: ["x", "target"], outputs: ["y"]),
        ]
        let graph = try ONNXImporter.importModel(model(nodes, opset: 13))
        XCTAssertEqual(graph.nodes.map(\.op), [.reshape(ReshapeAttributes(shape: [2, 12]))])
    }
}
