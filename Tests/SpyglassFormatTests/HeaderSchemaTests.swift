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
    bad = 0
    for path in sys.argv[2:]:
        for e in v.iter_errors(json.load(open(path))):
            bad += 1
            print(path, "/".join(map(str, e.absolute_path)), e.message[:200])
    sys.exit(1 if bad else 0)
    """

    /// Runs the validator on header files; returns (exit status, output).
    private func validate(_ headers: [URL]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.validator, schema.path] + headers.map(\.path)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    private func requireJSONSchema() throws {
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import jsonschema"]
        check.standardError = FileHandle.nullDevice
        try check.run()
        check.waitUntilExit()
        if check.terminationStatus != 0 {
            if ProcessInfo.processInfo.environment["CI"] != nil { XCTFail("python3 jsonschema is required in CI") }
            throw XCTSkip("python3 jsonschema is not installed")
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
        for cfg in ["yolov3-tiny", "yolov2-tiny", "yolov1-tiny", "yolov3"] {
            let model = try DarknetImporter.load(cfg: Fixtures.cfg(cfg), weights: nil)
            headers.append(try writeHeader(of: model.graph, named: cfg))
        }
        let (status, output) = try validate(headers)
        XCTAssertEqual(status, 0, output)
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
        for (label, from, to) in breakages {
            XCTAssertTrue(good.contains(from), "\(label): the written header has no \(from)")
            let url = directory.appendingPathComponent("broken.json")
            try good.replacingOccurrences(of: from, with: to).write(to: url, atomically: true, encoding: .utf8)
            let (status, output) = try validate([url])
            XCTAssertEqual(status, 1, "\(label) should be rejected by the schema: \(output)")
        }
    }
}
