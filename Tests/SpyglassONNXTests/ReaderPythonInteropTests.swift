import Foundation
import XCTest
import SpyglassONNX
import TestSupport

/// Files written by the reference `onnx` Python package read correctly, and the package reads ours.
final class ReaderPythonInteropTests: XCTestCase {
    /// onnx.helper stores values in the typed fields (float_data, int32_data …) unless raw=True;
    /// save_as_external_data moves them into a side file.
    static let writeScript = """
    import sys, numpy as np, onnx
    from onnx import helper, TensorProto
    out = sys.argv[1]
    tensors = [
        helper.make_tensor("f32", TensorProto.FLOAT, [2, 2], [1.5, -2.0, 3.25, 1e-8]),
        helper.make_tensor("i64", TensorProto.INT64, [3], [-5, 0, 2**40]),
        helper.make_tensor("i8", TensorProto.INT8, [3], [-128, 0, 127]),
        helper.make_tensor("u16", TensorProto.UINT16, [2], [65535, 7]),
        helper.make_tensor("f16", TensorProto.FLOAT16, [2], [1.0, -0.5]),
        helper.make_tensor("f64", TensorProto.DOUBLE, [2], [0.1, -1e300]),
        helper.make_tensor("u32", TensorProto.UINT32, [2], [4294967295, 1]),
        helper.make_tensor("b", TensorProto.BOOL, [3], [True, False, True]),
        helper.make_tensor("s", TensorProto.STRING, [2], [b"cat", b"dog"]),
        helper.make_tensor("raw", TensorProto.FLOAT, [3], np.array([7, 8, 9], dtype=np.float32).tobytes(), raw=True),
    ]
    node = helper.make_node("LeakyRelu", ["x"], ["y"], name="leaky", alpha=0.2)
    graph = helper.make_graph([node], "py", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 3])], initializer=tensors)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    onnx.helper.set_model_props(model, {"author": "python"})
    onnx.save(model, out + "/typed.onnx")
    big = helper.make_tensor("big", TensorProto.FLOAT, [64], np.arange(64, dtype=np.float32).tobytes(), raw=True)
    graph2 = helper.make_graph([node], "ext", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3])],
                               [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3])], initializer=[tensors[0], big])
    model2 = helper.make_model(graph2, opset_imports=[helper.make_opsetid("", 17)])
    onnx.save_model(model2, out + "/external.onnx", save_as_external_data=True, all_tensors_to_one_file=True,
                    location="external.bin", size_threshold=0)
    """

    func testTensorsWrittenByOnnxPythonInEveryFieldDecode() throws {
        try PythonReference.require()
        let dir = try Fixtures.temporaryDirectory("onnx-py")
        defer { try? FileManager.default.removeItem(at: dir) }
        try PythonReference.run(Self.writeScript, [dir.path], in: dir)

        let model = try ONNXReader.read(contentsOf: dir.appendingPathComponent("typed.onnx"))
        var t: [String: ONNXTensor] = [:]
        for x in model.graph.initializers { t[x.name] = x }
        XCTAssertEqual(try t["f32"]?.floats(), [1.5, -2.0, 3.25, 1e-8])
        XCTAssertEqual(t["f32"]?.dims, [2, 2])
        XCTAssertEqual(try t["i64"]?.int64s(), [-5, 0, 1 << 40])
        XCTAssertEqual(t["i8"]?.rawData, Data([0x80, 0, 0x7F]))
        XCTAssertEqual(t["u16"]?.rawData, Data([0xFF, 0xFF, 7, 0]))
        XCTAssertEqual(t["f16"]?.rawData, Data([0x00, 0x3C, 0x00, 0xB8]))  // 1.0 and −0.5 in binary16
        XCTAssertEqual(t["f64"]?.rawData, [0.1, -1e300].withUnsafeBufferPointer { Data(buffer: $0) })
        XCTAssertEqual(t["u32"]?.rawData, Data([0xFF, 0xFF, 0xFF, 0xFF, 1, 0, 0, 0]))
        XCTAssertEqual(t["b"]?.rawData, Data([1, 0, 1]))
        XCTAssertEqual(t["s"]?.strings, [Data("cat".utf8), Data("dog".utf8)])
        XCTAssertEqual(try t["raw"]?.floats(), [7, 8, 9])
        XCTAssertEqual(model.graph.nodes.first?.attributes["alpha"], .float(0.2))
        XCTAssertEqual(model.graph.inputs.first?.shape, [.param("N"), .value(3)])
        XCTAssertEqual(model.metadataValue("author"), "python")

        let external = try ONNXReader.read(contentsOf: dir.appendingPathComponent("external.onnx"))
        XCTAssertEqual(try external.graph.initializers.first { $0.name == "big" }?.floats(), (0..<64).map(Float.init))
        XCTAssertEqual(try external.graph.initializers.first { $0.name == "f32" }?.floats(), [1.5, -2.0, 3.25, 1e-8])
    }

    func testOnnxPythonReadsTheSameStructureWeWrote() throws {
        try PythonReference.require()
        let dir = try Fixtures.temporaryDirectory("onnx-py-read")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("all-ops.onnx")
        let model = try ONNXExporter.model(TestGraphs.allOps())
        try ONNXWriter.write(model, to: url)
        let script = """
        import sys, onnx
        m = onnx.load(sys.argv[1])
        for n in m.graph.node: print("node", n.name, n.op_type, ",".join(n.input), ",".join(n.output))
        for t in m.graph.initializer: print("init", t.name, t.data_type, ",".join(str(d) for d in t.dims))
        """
        let printed = try PythonReference.run(script, [url.path], in: dir).split(separator: "\n").map(String.init)
        let expected = model.graph.nodes.map { "node \($0.name) \($0.opType) \($0.inputs.joined(separator: ",")) \($0.outputs.joined(separator: ","))" }
            + model.graph.initializers.map { "init \($0.name) \($0.dataType.rawValue) \($0.dims.map(String.init).joined(separator: ","))" }
        XCTAssertEqual(printed, expected)
    }
}
