import Foundation
import XCTest
import SpyglassONNX
import TestSupport

/// Broken or hostile files give a typed error naming what is wrong, never a crash, hang or huge allocation.
final class ReaderBadInputTests: XCTestCase {
    private func assertError(_ data: Data, options: ONNXReadOptions = ONNXReadOptions(), baseDirectory: URL? = nil,
                             file: StaticString = #filePath, line: UInt = #line, _ check: (ONNXError) -> Void) {
        XCTAssertThrowsError(try ONNXReader.parse(data, baseDirectory: baseDirectory, options: options), file: file, line: line) { error in
            guard let e = error as? ONNXError else { return XCTFail("untyped error \(error)", file: file, line: line) }
            check(e)
        }
    }

    func testTruncatedFileIsReportedAsTruncated() throws {
        let data = try ONNXExporter.export(TestGraphs.allOps())
        for cut in [data.count / 2, data.count - 1, 3] {
            assertError(data.prefix(cut)) { e in
                guard case .truncated = e else { return XCTFail("cut at \(cut): \(e)") }
                XCTAssertTrue(e.description.contains("truncated"), e.description)
            }
        }
    }

    func testRandomBytesAreRejectedWithATypedError() {
        var state: UInt64 = 42
        for trial in 0..<300 {
            let count = 1 + trial * 7
            var bytes = [UInt8](repeating: 0, count: count)
            for i in 0..<count {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                bytes[i] = UInt8(truncatingIfNeeded: state >> 56)
            }
            XCTAssertThrowsError(try ONNXReader.parse(Data(bytes))) { XCTAssertTrue($0 is ONNXError, "trial \(trial): \($0)") }
        }
    }

    func testEmptyFileHasNoGraph() {
        assertError(Data()) { XCTAssertEqual($0, .missingGraph) }
    }

    func testRawDataShorterThanDimsNamesTheTensor() throws {
        let t = ONNXTensor(name: "conv_7.weight", dataType: .float, dims: [4, 3], rawData: Data(count: 40))
        let data = try ONNXWriter.serialize(ONNXModel(irVersion: 8, opsetImports: [ONNXOpsetImport(version: 17)], graph: ONNXGraph(name: "g", initializers: [t])))
        assertError(data) { e in
            guard case .tensorData(let tensor, let message) = e else { return XCTFail("\(e)") }
            XCTAssertEqual(tensor, "conv_7.weight")
            XCTAssertTrue(message.contains("raw_data holds 40 bytes") && message.contains("need 48"), message)
        }
    }

    func testTwoGigabyteClaimsFailWithoutAllocating() throws {
        // dims claim 2^31 floats (8 GiB) next to 16 bytes of raw_data.
        let huge = ProtoBytes.tensor(name: "huge", dataType: 1, dims: [1 << 31], extra: ProtoBytes.bytes(9, [UInt8](repeating: 0, count: 16)))
        assertError(ProtoBytes.model(graph: ProtoBytes.graph(initializers: [huge]))) { e in
            guard case .tensorData("huge", let m) = e else { return XCTFail("\(e)") }
            XCTAssertTrue(m.contains("raw_data holds 16 bytes"), m)
        }
        // dims whose product overflows.
        let overflow = ProtoBytes.tensor(name: "overflow", dataType: 1, dims: [1 << 40, 1 << 40])
        assertError(ProtoBytes.model(graph: ProtoBytes.graph(initializers: [overflow]))) { e in
            guard case .tensorData("overflow", _) = e else { return XCTFail("\(e)") }
        }
        // A length prefix of 2 GiB in a 30-byte file.
        let claim = Data(ProtoBytes.varint(7 << 3 | 2) + ProtoBytes.varint(1 << 31) + [UInt8](repeating: 0, count: 24))
        assertError(claim) { e in
            guard case .truncated(_, let m) = e else { return XCTFail("\(e)") }
            XCTAssertTrue(m.contains("2147483648"), m)
        }
    }

    func testUnknownDataTypeIsNamed() {
        let t = ProtoBytes.tensor(name: "w", dataType: 99, dims: [1], extra: ProtoBytes.bytes(9, [0, 0, 0, 0]))
        assertError(ProtoBytes.model(graph: ProtoBytes.graph(initializers: [t]))) { XCTAssertEqual($0, .unknownDataType(tensor: "w", code: 99)) }
    }

    func testTypedFieldCountMismatchIsReported() {
        let t = ProtoBytes.tensor(name: "b", dataType: 1, dims: [4], extra: ProtoBytes.floats(4, [1, 2, 3]))
        assertError(ProtoBytes.model(graph: ProtoBytes.graph(initializers: [t]))) { e in
            guard case .tensorData("b", let m) = e else { return XCTFail("\(e)") }
            XCTAssertTrue(m.contains("float_data holds 3"), m)
        }
    }

    /// graph → node → attribute(g) → graph … 30 times: 90 levels, over the default limit of 64,
    /// rejected by the pre-scan before libprotobuf-c recurses.
    func testDeeplyNestedGraphsAreRejectedBeforeUnpacking() {
        func nested(_ levels: Int) -> [UInt8] {
            var g = ProtoBytes.graph()
            for _ in 0..<levels {
                let attribute = ProtoBytes.string(1, "body") + ProtoBytes.int(20, 5) + ProtoBytes.bytes(6, g)
                let node = ProtoBytes.string(4, "If") + ProtoBytes.bytes(5, attribute)
                g = ProtoBytes.graph(nodes: [node])
            }
            return g
        }
        assertError(ProtoBytes.model(graph: nested(30))) { e in
            guard case .nestingTooDeep(_, let depth, let limit) = e else { return XCTFail("\(e)") }
            XCTAssertEqual(limit, 64)
            XCTAssertEqual(depth, 65)
        }
        XCTAssertNoThrow(try ONNXReader.parse(ProtoBytes.model(graph: nested(20))), "61 levels are fine")
        var strict = ONNXReadOptions()
        strict.maxNestingDepth = 10
        assertError(ProtoBytes.model(graph: nested(3)), options: strict) { e in
            guard case .nestingTooDeep(_, 11, 10) = e else { return XCTFail("\(e)") }
        }
    }

    func testOversizedFileIsRefusedBeforeReading() throws {
        let dir = try Fixtures.temporaryDirectory("onnx-big")
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("big.onnx")
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: 3 << 30)  // sparse: 3 GiB claimed, nothing written
        try handle.close()
        let start = Date()
        XCTAssertThrowsError(try ONNXReader.read(contentsOf: url)) { e in
            XCTAssertEqual(e as? ONNXError, .fileTooLarge(path: url.path, bytes: 3 << 30, limit: Int(Int32.max)))
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 1, "refused from the size alone")
        var options = ONNXReadOptions()
        options.maxFileBytes = 10
        let small = dir.appendingPathComponent("small.onnx")
        try ONNXExporter.write(TestGraphs.activations(), to: small)
        XCTAssertThrowsError(try ONNXReader.read(contentsOf: small, options: options)) { e in
            guard case .fileTooLarge = e as? ONNXError else { return XCTFail("\(e)") }
        }
    }

    func testMissingFileIsUnreadable() {
        XCTAssertThrowsError(try ONNXReader.read(contentsOf: URL(fileURLWithPath: "/nonexistent/model.onnx"))) { e in
            guard case .unreadable(let path, _) = e as? ONNXError else { return XCTFail("\(e)") }
            XCTAssertEqual(path, "/nonexistent/model.onnx")
        }
    }

    func testDuplicateAttributeIsReported() {
        let a = ProtoBytes.string(1, "alpha") + ProtoBytes.int(20, 2) + ProtoBytes.int(3, 1)
        let node = ProtoBytes.string(3, "relu_1") + ProtoBytes.string(4, "LeakyRelu") + ProtoBytes.bytes(5, a) + ProtoBytes.bytes(5, a)
        assertError(ProtoBytes.model(graph: ProtoBytes.graph(nodes: [node]))) { e in
            XCTAssertEqual(e, .attribute(node: "node 'relu_1' (LeakyRelu)", attribute: "alpha", message: "appears more than once"))
        }
    }

    func testExternalDataIsReadWithBoundsAndPathChecks() throws {
        let dir = try Fixtures.temporaryDirectory("onnx-ext")
        defer { try? FileManager.default.removeItem(at: dir) }
        let values: [Float] = [1.5, -2, 3.25, 4, 5, 6]
        var blob = Data(count: 8)  // 8 bytes of padding before the tensor
        blob.append(values.withUnsafeBufferPointer { Data(buffer: $0) })
        try blob.write(to: dir.appendingPathComponent("weights.bin"))
        func model(_ entries: [(String, String)], dims: [Int64] = [2, 3]) -> Data {
            let t = ProtoBytes.tensor(name: "w", dataType: 1, dims: dims,
                                      extra: entries.flatMap { ProtoBytes.externalEntry($0.0, $0.1) } + ProtoBytes.int(14, 1))
            return ProtoBytes.model(graph: ProtoBytes.graph(initializers: [t]))
        }
        let good = try ONNXReader.parse(model([("location", "weights.bin"), ("offset", "8"), ("length", "24")]), baseDirectory: dir)
        XCTAssertEqual(try good.graph.initializers.first?.floats(), values)

        let cases: [([(String, String)], String)] = [
            ([("location", "../weights.bin"), ("offset", "8"), ("length", "24")], "inside the model's folder"),
            ([("location", "/etc/passwd")], "inside the model's folder"),
            ([("location", "weights.bin"), ("offset", "16"), ("length", "24")], "outside"),
            ([("location", "weights.bin"), ("offset", "0"), ("length", "20")], "does not match"),
            ([("location", "missing.bin"), ("length", "24")], "cannot open"),
            ([("location", "weights.bin"), ("offset", "-1"), ("length", "24")], "non-negative"),
            ([("offset", "8")], "no 'location'"),
        ]
        for (entries, expected) in cases {
            assertError(model(entries), baseDirectory: dir) { e in
                guard case .externalData("w", let m) = e else { return XCTFail("\(entries): \(e)") }
                XCTAssertTrue(m.contains(expected), "\(entries): \(m)")
            }
        }
        assertError(model([("location", "weights.bin"), ("offset", "8"), ("length", "24")])) { e in
            guard case .externalData("w", let m) = e else { return XCTFail("\(e)") }
            XCTAssertTrue(m.contains("from memory"), m)
        }
    }
}
