import Foundation
import XCTest
import SpyglassIR
import SpyglassONNX
import SpyglassRuntime

/// How the importer maps NonMaxSuppression, Pad, Slice and Dropout's optional inputs and limits,
/// and what it refuses (always naming the node).
final class ImportRegionAndIndexingTests: XCTestCase {
    private func model(_ nodes: [ONNXNode], input: [Int64] = [1, 2, 4, 4], opset: Int64 = 17, initializers: [ONNXTensor] = []) -> ONNXModel {
        let graph = ONNXGraph(name: "m", nodes: nodes, initializers: initializers,
                              inputs: [ONNXValueInfo(name: "x", elementType: .float, shape: input.map { .value($0) })],
                              outputs: nodes.last?.outputs.filter { !$0.isEmpty }.map { ONNXValueInfo(name: $0, elementType: .float, shape: nil) } ?? [])
        return ONNXModel(irVersion: 8, opsetImports: [ONNXOpsetImport(version: opset)], graph: graph)
    }

    func testNonMaxSuppressionLimitIsCappedAtTheBoxCountAndAbsentThresholdsMeanNone() throws {
        let m = model([ONNXNode(name: "nms", opType: "NonMaxSuppression", inputs: ["x", "scores", "limit"], outputs: ["y"])], input: [1, 6, 4],
                      initializers: [ONNXTensor(name: "scores", floats: [Float](repeating: 0.5, count: 12), dims: [1, 2, 6]),
                                     ONNXTensor(name: "limit", int64s: [Int64.max], dims: [1])])
        let graph = try ONNXImporter.importModel(m)
        XCTAssertEqual(graph.nodes.map(\.op), [.nonMaxSuppression(NonMaxSuppressionAttributes(maxOutputBoxesPerClass: 6, iouThreshold: 0))])
    }

    func testNonMaxSuppressionWithAComputedThresholdNamesTheNode() {
        let m = model([ONNXNode(name: "nms_2", opType: "NonMaxSuppression", inputs: ["x", "x", "", "x"], outputs: ["y"])], input: [1, 6, 4])
        XCTAssertThrowsError(try ONNXImporter.importModel(m)) { error in
            XCTAssertTrue("\(error)".contains("nms_2") && "\(error)".contains("iou_threshold"), "\(error)")
        }
    }

    func testPadWithPadsForTheWrongNumberOfAxesNamesTheNode() {
        let m = model([ONNXNode(name: "pad_1", opType: "Pad", inputs: ["x", "pads"], outputs: ["y"])],
                      initializers: [ONNXTensor(name: "pads", int64s: [1, 1, 1], dims: [3])])
        XCTAssertThrowsError(try ONNXImporter.importModel(m)) { error in
            XCTAssertTrue("\(error)".contains("pad_1") && "\(error)".contains("pads [1, 1, 1]"), "\(error)")
        }
    }

    func testSliceWithINT64MaxEndAndNegativeStepRunsBackwardsToTheStart() throws {
        let m = model([ONNXNode(name: "s", opType: "Slice", inputs: ["x", "starts", "ends", "axes", "steps"], outputs: ["y"])], input: [6],
                      initializers: [ONNXTensor(name: "starts", int64s: [Int64.max], dims: [1]), ONNXTensor(name: "ends", int64s: [Int64.min], dims: [1]),
                                     ONNXTensor(name: "axes", int64s: [0], dims: [1]), ONNXTensor(name: "steps", int64s: [-2], dims: [1])])
        let plan = try Plan(graph: try ONNXImporter.importModel(m))
        let y = try plan.run(["x": Tensor(shape: [6], data: [0, 1, 2, 3, 4, 5])])["y"]
        XCTAssertEqual(y?.data, [5, 3, 1])
    }

    func testDropoutMaskIsAllTrueAtInferenceAndRandomTrainingIsRefusedWithItsReason() throws {
        let inference = model([ONNXNode(name: "d", opType: "Dropout", inputs: ["x"], outputs: ["y", "mask"])])
        let plan = try Plan(graph: try ONNXImporter.importModel(inference))
        let out = try plan.run(["x": Tensor(shape: [1, 2, 4, 4], data: (0..<32).map(Float.init))])
        XCTAssertEqual(out["mask"]?.dtype, .bool)
        XCTAssertEqual(out["mask"]?.integers, [Int64](repeating: 1, count: 32))
        XCTAssertEqual(out["y"]?.data, (0..<32).map(Float.init))
        let training = model([ONNXNode(name: "d", opType: "Dropout", inputs: ["x", "", "t"], outputs: ["y"])],
                             initializers: [ONNXTensor(name: "t", bools: [true], dims: [])])
        XCTAssertThrowsError(try ONNXImporter.importModel(training)) { error in
            XCTAssertTrue("\(error)".contains(ONNXImporter.randomDropoutRefusal), "\(error)")
        }
    }
}
