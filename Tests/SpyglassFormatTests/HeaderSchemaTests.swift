import Foundation
import SpyglassDarknet
import SpyglassFormat
import SpyglassIR
import TestSupport
import XCTest

/// Headers we write must validate against Schemas/spyglass-header.schema.json (checked with
/// python3's `jsonschema`, an independent validator), and the schema must reject broken headers.
final class HeaderSchemaTests: XCTestCase {
    private var directory: URL!
    private var schema: URL { Fixtures.repoRoot.appendingPathComponent("Schemas/spyglass-header.schema.json") }

    override func setUpWithError() throws { directory = try Fixtures.temporaryDirectory("format-schema") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private static let validator = """
    import json, sys
    from jsonschema import Draft202012Validator
    schema = json.load(open(sys.argv[1]))
    Draft202012Validator.check_schema(schema)
    v = Draft202012Validator(schema)
    for path in sys.argv[2:]:
        errors = list(v.iter_errors(json.load(open(path))))
        print(json.dumps({"file": path, "errors": len(errors),
                          "first": errors[0].message[:200] + " at /" + "/".join(map(str, errors[0].absolute_path)) if errors else ""}))
    """

    /// Schema errors per header file (one python run for all of them), with the first error's text.
    private func schemaErrors(_ headers: [URL]) throws -> [String: (count: Int, first: String)] {
        let (status, output) = try runValidator(headers)
        XCTAssertEqual(status, 0, output)
        var result: [String: (count: Int, first: String)] = [:]
        for line in output.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let file = object["file"] as? String, let count = object["errors"] as? Int else { continue }
            result[file] = (count, object["first"] as? String ?? "")
        }
        XCTAssertEqual(result.count, headers.count, output)
        return result
    }

    private func runValidator(_ headers: [URL]) throws -> (Int32, String) {
        let python = try XCTUnwrap(Self.python)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python[0])
        process.arguments = Array(python.dropFirst()) + ["-c", Self.validator, schema.path] + headers.map(\.path)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// A python3 that has `jsonschema`: the one on PATH, else Debian's (python3-jsonschema).
    private static let python: [String]? = {
        for candidate in [["/usr/bin/env", "python3"], ["/usr/bin/python3"]] {
            let check = Process()
            check.executableURL = URL(fileURLWithPath: candidate[0])
            check.arguments = Array(candidate.dropFirst()) + ["-c", "import jsonschema"]
            check.standardOutput = FileHandle.nullDevice
            check.standardError = FileHandle.nullDevice
            guard (try? check.run()) != nil else { continue }
            check.waitUntilExit()
            if check.terminationStatus == 0 { return candidate }
        }
        return nil
    }()

    private func requireJSONSchema() throws {
        if Self.python == nil {
            if ProcessInfo.processInfo.environment["CI"] != nil { XCTFail("python3 with jsonschema is required in CI") }
            throw XCTSkip("no python3 with the jsonschema package")
        }
    }

    private func writeHeader(of graph: Graph, named name: String) throws -> URL {
        let model = directory.appendingPathComponent("\(name).spyglass")
        try SpyglassFile.write(graph, to: model)
        let header = directory.appendingPathComponent("\(name).json")
        try SpyglassFile.readHeaderJSON(model).write(to: header, atomically: true, encoding: .utf8)
        return header
    }

    func testHeadersOfRealModelsAndEveryOpValidateAgainstTheSchema() throws {
        try requireJSONSchema()
        var headers = [try writeHeader(of: AllOpsGraph.make(), named: "all-ops")]
        // With the optional sections: applied passes and a (made-up) packed blob bound to conv.w.
        var withSections = AllOpsGraph.make()
        withSections.appliedPasses = ["fold-batchnorm", "fuse-activation"]
        if let weights = withSections.constants["conv.w"] {
            withSections.packedWeights.insert(PackedWeight(node: "conv", weights: "conv.w", layout: "test.v1", geometry: "o=8 c=4 k=3x3 g=1",
                                                           storage: TensorStorage(copying: [Float](repeating: 1, count: 100)), source: weights.storage))
        }
        headers.append(try writeHeader(of: withSections, named: "with-sections"))
        let sections = try String(contentsOf: headers[headers.count - 1], encoding: .utf8)
        XCTAssertTrue(sections.contains("packed_weights") && sections.contains("passes_applied"), "the optional sections were not written")
        for cfg in ["yolov3-tiny", "yolov2-tiny", "yolov1-tiny"] {
            let model = try DarknetImporter.load(cfg: Fixtures.cfg(cfg), weights: nil)
            headers.append(try writeHeader(of: model.graph, named: cfg))
        }
        for (file, errors) in try schemaErrors(headers) {
            XCTAssertEqual(errors.count, 0, "\(file): \(errors.first)")
        }
    }

    func testSchemaRejectsBrokenHeaders() throws {
        try requireJSONSchema()
        let good = try String(contentsOf: try writeHeader(of: AllOpsGraph.make(), named: "base"), encoding: .utf8)
        let breakages: [(String, String, String)] = [
            ("wrong attribute type", #""kernel_h": 3"#, #""kernel_h": "3""#),
            ("unknown op", #""op": "reorg""#, #""op": "reorganise""#),
            ("misaligned offset", #""offset": 64,"#, #""offset": 65,"#),
            ("missing tensor table", #""tensors": ["#, #""tensor_table": ["#),
            ("unknown activation", #""activation": "leaky""#, #""activation": "sparkly""#),
        ]
        var files: [URL] = []
        for (i, (label, from, to)) in breakages.enumerated() {
            XCTAssertTrue(good.contains(from), "\(label): the written header has no \(from)")
            let url = directory.appendingPathComponent("broken-\(i).json")
            try good.replacingOccurrences(of: from, with: to).write(to: url, atomically: true, encoding: .utf8)
            files.append(url)
        }
        let errors = try schemaErrors(files)
        for (url, breakage) in zip(files, breakages) {
            XCTAssertGreaterThan(errors[url.path]?.count ?? 0, 0, "\(breakage.0) should be rejected by the schema")
        }
    }
}
