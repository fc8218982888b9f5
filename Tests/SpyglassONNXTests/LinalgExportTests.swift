import Foundation
import XCTest
import SpyglassIR
import SpyglassONNX
import SpyglassRuntime
import TestSupport

/// The N-D pool's indices output, exported as MaxPool's second output, against ONNX Runtime.
final class LinalgExportTests: XCTestCase {
    func testMaxPoolIndicesMatchONNXRuntimeInBothStorageOrders() throws {
        try PythonReference.require()
        for columnMajor in [false, true] {
            let a = PoolAttributes(mode: .max, kernel: [3, 2], strides: [2, 2], dilations: [1, 1], padsBegin: [1, 0], padsEnd: [1, 1],
                                   producesIndices: true, columnMajorIndices: columnMajor)
            let shape = [2, 3, 6, 5]
            let graph = Graph(name: "pool-indices", inputs: [ValueInfo(name: "x", type: .float32(shape))], outputs: ["y", "i"],
                              nodes: [Node(name: "pool", op: .pool(a), inputs: ["x"], outputs: ["y", "i"])], constants: [:])
            let dir = try Fixtures.temporaryDirectory("onnx-pool-indices")
            defer { try? FileManager.default.removeItem(at: dir) }
            let url = dir.appendingPathComponent("model.onnx")
            try ONNXExporter.write(graph, to: url)
            let values = Conformance.randomInput(count: shape.reduce(1, *), seed: 5)
            let ours = try Plan(graph: graph).run(["x": Tensor(shape: shape, data: values)])
            let ort = try PythonReference.checkAndRun(model: url, inputs: ["x": (shape, values)], outputs: ["y", "i"], in: dir)
            XCTAssertEqual(ours["y"]?.data, ort[0])
            XCTAssertEqual(ours["i"]?.dtype, .int64)
            XCTAssertEqual(ours["i"]?.integers.map(Float.init), ort[1], "storage order \(columnMajor ? 1 : 0)")
        }
    }
}
