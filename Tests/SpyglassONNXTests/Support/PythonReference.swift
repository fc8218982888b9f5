import Foundation
import XCTest
import TestSupport

/// The reference ONNX implementation: the `onnx` checker and ONNX Runtime, in the Python venv
/// `make venv` creates at `<cache>/venv`. Missing venv: a failure in CI, a skip locally.
enum PythonReference {
    static var python: URL { Fixtures.cacheDir.appendingPathComponent("venv/bin/python") }

    static func require(file: StaticString = #filePath, line: UInt = #line) throws {
        try Conformance.requireFile(python, hint: "run `make venv` (Python with onnx and onnxruntime)", file: file, line: line)
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Runs `script` with `arguments`; throws with Python's stderr when it exits non-zero.
    @discardableResult
    static func run(_ script: String, _ arguments: [String], in dir: URL) throws -> String {
        let scriptURL = dir.appendingPathComponent("script-\(UUID().uuidString).py")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = python
        p.arguments = [scriptURL.path] + arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw Failure(description: "python exited with \(p.terminationStatus): \(String(decoding: errData, as: UTF8.self))")
        }
        return String(decoding: outData, as: UTF8.self)
    }

    /// Checks `model` with onnx.checker (full_check) and runs it in ONNX Runtime on `inputs`.
    /// Returns the requested outputs, in order.
    static func checkAndRun(model: URL, inputs: [String: (shape: [Int], values: [Float])], outputs: [String], in dir: URL) throws -> [[Float]] {
        var manifest: [String: Any] = ["model": model.path, "outputs": outputs]
        var inputFiles: [String: String] = [:]
        for (i, (name, tensor)) in inputs.sorted(by: { $0.key < $1.key }).enumerated() {
            let url = dir.appendingPathComponent("input_\(i).npy")
            try NPYFile.write(tensor.values, shape: tensor.shape, to: url)
            inputFiles[name] = url.path
        }
        manifest["inputs"] = inputFiles
        manifest["output_dir"] = dir.path
        let manifestURL = dir.appendingPathComponent("manifest.json")
        try JSONSerialization.data(withJSONObject: manifest).write(to: manifestURL)
        try run(checkAndRunScript, [manifestURL.path], in: dir)
        return try outputs.indices.map { try NPYFile.read(dir.appendingPathComponent("output_\($0).npy")).values }
    }

    static let checkAndRunScript = """
    import json, os, sys
    import numpy as np
    import onnx
    import onnxruntime as ort

    manifest = json.load(open(sys.argv[1]))
    model = onnx.load(manifest["model"])
    onnx.checker.check_model(model, full_check=True)
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    session = ort.InferenceSession(manifest["model"], options, providers=["CPUExecutionProvider"])
    feeds = {name: np.load(path) for name, path in manifest["inputs"].items()}
    results = session.run(manifest["outputs"], feeds)
    for i, value in enumerate(results):
        np.save(os.path.join(manifest["output_dir"], "output_%d.npy" % i), np.ascontiguousarray(value, dtype=np.float32))
    """
}
