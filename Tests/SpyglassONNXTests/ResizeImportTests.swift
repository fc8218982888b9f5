import Foundation
import XCTest
import SpyglassIR
import SpyglassONNX

/// How ONNX Resize/Upsample nodes become IR ops: the Darknet-style `upsample` where it is exact,
/// `resize` with resolved sizes otherwise, and clear errors naming the node.
final class ResizeImportTests: XCTestCase {
    private func model(_ node: ONNXNode, opset: Int64, input: [ONNXDimension] = [.value(1), .value(2), .value(4), .value(4)],
                       initializers: [ONNXTensor] = [], extraInputs: [ONNXValueInfo] = []) -> ONNXModel {
        let graph = ONNXGraph(name: "resize", nodes: [node], initializers: initializers,
                              inputs: [ONNXValueInfo(name: "x", elementType: .float, shape: input)] + extraInputs,
                              outputs: [ONNXValueInfo(name: "y", elementType: .float, shape: nil)])
        return ONNXModel(irVersion: 8, opsetImports: [ONNXOpsetImport(version: opset)], graph: graph)
    }

    private func resize(_ attributes: [String: ONNXAttribute], scales: [Float]? = nil, sizes: [Int64]? = nil,
                        opset: Int64 = 13, input: [ONNXDimension] = [.value(1), .value(2), .value(4), .value(4)]) throws -> Op? {
        var inits: [ONNXTensor] = []
        if let scales { inits.append(ONNXTensor(name: "s", floats: scales, dims: [scales.count])) }
        if let sizes { inits.append(ONNXTensor(name: "z", int64s: sizes, dims: [sizes.count])) }
        let inputs = ["x", "", scales == nil ? "" : "s"] + (sizes == nil ? [] : ["z"])
        let node = ONNXNode(name: "up", opType: "Resize", inputs: inputs, outputs: ["y"], attributes: attributes)
        return try ONNXImporter.importModel(model(node, opset: opset, input: input, initializers: inits)).nodes.last?.op
    }

    func testIntegerNearestUpsampleOfHeightAndWidthBecomesTheDarknetUpsample() throws {
        let asymmetric: [String: ONNXAttribute] = ["coordinate_transformation_mode": .string("asymmetric"), "nearest_mode": .string("floor")]
        XCTAssertEqual(try resize(asymmetric, scales: [1, 1, 2, 2]), .upsample(UpsampleAttributes(factor: 2)))
        XCTAssertEqual(try resize([:], sizes: [1, 2, 12, 12]), .upsample(UpsampleAttributes(factor: 3)), "half_pixel, round_prefer_floor")
    }

    func testNearestThatPicksOtherIndicesBecomesResize() throws {
        let ceil = try resize(["nearest_mode": .string("ceil")], scales: [1, 1, 2, 2])
        XCTAssertEqual(ceil, .resize(ResizeAttributes(mode: .nearest, nearestRounding: .ceil, axes: [2, 3], scales: [2, 2], sizes: [8, 8])))
        let uneven = try resize([:], scales: [1, 1, 2, 3])
        XCTAssertEqual(uneven, .resize(ResizeAttributes(mode: .nearest, axes: [2, 3], scales: [2, 3], sizes: [8, 12])))
    }

    func testFractionalScalesGiveFlooredSizesAndUnscaledAxesAreLeftOut() throws {
        let op = try resize(["mode": .string("cubic"), "cubic_coeff_a": .float(-0.5), "exclude_outside": .int(1)], scales: [1, 1.5, 0.6, 1])
        XCTAssertEqual(op, .resize(ResizeAttributes(mode: .cubic, cubicCoefficient: -0.5, excludeOutside: true,
                                                    axes: [1, 2], scales: [Double(Float(1.5)), Double(Float(0.6))], sizes: [3, 2])))
    }

    func testSizesWithAnAspectRatioPolicyUseOneScaleOnTheListedAxes() throws {
        let attributes: [String: ONNXAttribute] = ["mode": .string("linear"), "axes": .ints([3, 2]),
                                                   "keep_aspect_ratio_policy": .string("not_larger")]
        // Scales 8/4 and 7/4: not_larger takes 1.75 for both, sizes round(1.75 · 4) = 7.
        XCTAssertEqual(try resize(attributes, sizes: [8, 7], opset: 18),
                       .resize(ResizeAttributes(mode: .linear, axes: [3, 2], scales: [1.75, 1.75], sizes: [7, 7])))
    }

    func testSymbolicBatchStaysSymbolicWhenOnlyHeightAndWidthAreScaled() throws {
        let op = try resize(["mode": .string("linear")], scales: [1, 1, 1.5, 1.5], input: [.param("batch"), .value(2), .value(4), .value(4)])
        XCTAssertEqual(op, .resize(ResizeAttributes(mode: .linear, axes: [2, 3], scales: [1.5, 1.5], sizes: [6, 6])))
    }

    func testUpsampleSevenTakesItsScalesFromTheAttribute() throws {
        let node = ONNXNode(name: "up7", opType: "Upsample", inputs: ["x"], outputs: ["y"],
                            attributes: ["mode": .string("linear"), "scales": .floats([1, 1, 2, 1.5])])
        let op = try ONNXImporter.importModel(model(node, opset: 7)).nodes.last?.op
        XCTAssertEqual(op, .resize(ResizeAttributes(mode: .linear, coordinateTransform: .asymmetric, nearestRounding: .floor,
                                                    axes: [2, 3], scales: [2, 1.5], sizes: [8, 6])))
    }

    func testScalesThatAreNotConstantOrClashWithSizesAreRefusedNamingTheNode() {
        let live = model(ONNXNode(name: "up", opType: "Resize", inputs: ["x", "", "s"], outputs: ["y"]), opset: 13,
                         extraInputs: [ONNXValueInfo(name: "s", elementType: .float, shape: [.value(4)])])
        XCTAssertThrowsError(try ONNXImporter.importModel(live)) { error in
            XCTAssertTrue("\(error)".contains("'up'") && "\(error)".contains("scales ('s') must be a constant"), "\(error)")
        }
        XCTAssertThrowsError(try resize([:], scales: [1, 1, 2, 2], sizes: [1, 2, 8, 8])) { error in
            XCTAssertTrue("\(error)".contains("'up'") && "\(error)".contains("both scales and sizes"), "\(error)")
        }
        XCTAssertThrowsError(try resize(["coordinate_transformation_mode": .string("tf_half_pixel_for_nn")], scales: [1, 1, 2, 2])) { error in
            XCTAssertTrue("\(error)".contains("'up'") && "\(error)".contains("tf_half_pixel_for_nn"), "\(error)")
        }
        XCTAssertThrowsError(try resize([:], scales: [2, 2])) { error in
            XCTAssertTrue("\(error)".contains("'up'") && "\(error)".contains("one per axis"), "\(error)")
        }
    }
}
