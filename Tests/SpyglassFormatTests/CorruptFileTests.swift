import Foundation
import SpyglassFormat
import SpyglassIR
import TestSupport
import XCTest

/// Every way a file can be broken gives its own `FormatError`, saying what and where — never a crash.
final class CorruptFileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws { directory = try Fixtures.temporaryDirectory("format-corrupt") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    private func readError(_ data: Data, file: StaticString = #filePath, line: UInt = #line) -> FormatError? {
        let url = directory.appendingPathComponent("f-\(UUID().uuidString).spyglass")
        XCTAssertNoThrow(try data.write(to: url), file: file, line: line)
        do {
            _ = try SpyglassFile.read(url)
            XCTFail("reading succeeded", file: file, line: line)
            return nil
        } catch let e as FormatError {
            XCTAssertTrue(e.description.contains(url.path), "error should name the file: \(e)", file: file, line: line)
            return e
        } catch {
            XCTFail("not a FormatError: \(error)", file: file, line: line)
            return nil
        }
    }

    private var valid: ContainerBytes { ContainerBytes(header: ContainerBytes.header(), blob: [UInt8](repeating: 1, count: 16)) }

    func testHandBuiltValidFileReads() throws {
        let url = directory.appendingPathComponent("ok.spyglass")
        try valid.data.write(to: url)
        let g = try SpyglassFile.read(url)
        XCTAssertEqual(g.constants["w"]?.type, .float32([4]))
        XCTAssertEqual(Array(g.constants["w"]?.storage.bytes ?? UnsafeRawBufferPointer(start: nil, count: 0)), [UInt8](repeating: 1, count: 16))
    }

    func testFileCutAtEachSectionReportsWhatIsMissing() throws {
        let data = valid.data
        let headerEnd = 20 + ContainerBytes.header().utf8.count
        let blobStart = (headerEnd + 63) / 64 * 64
        func cut(_ n: Int) -> FormatError? { readError(data.prefix(n)) }

        guard case .truncated(_, "magic", 8, 0)? = cut(0) else { return XCTFail("\(String(describing: cut(0)))") }
        guard case .truncated(_, "magic", 8, 5)? = cut(5) else { return XCTFail("\(String(describing: cut(5)))") }
        guard case .truncated(_, "container version", 12, 10)? = cut(10) else { return XCTFail("\(String(describing: cut(10)))") }
        guard case .truncated(_, "header length", 20, 16)? = cut(16) else { return XCTFail("\(String(describing: cut(16)))") }
        guard case .headerLengthOutOfRange(_, let length, 100)? = cut(100) else { return XCTFail("\(String(describing: cut(100)))") }
        XCTAssertEqual(Int(length), headerEnd - 20)
        XCTAssertGreaterThan(blobStart, headerEnd, "the test header must need padding")
        guard case .truncated(_, "padding before the weight blob", let needed, _)? = cut(blobStart - 1) else {
            return XCTFail("\(String(describing: cut(blobStart - 1)))")
        }
        XCTAssertEqual(Int(needed), blobStart)
        guard case .tensorOutOfBounds(_, "w", 0, 16, 7)? = cut(blobStart + 7) else { return XCTFail("\(String(describing: cut(blobStart + 7)))") }
    }

    func testBadMagicShowsTheBytesFound() {
        var bytes = valid
        bytes.magic = Array("SPYGLAZZ".utf8)
        guard case .badMagic(_, let found)? = readError(bytes.data) else { return XCTFail() }
        XCTAssertEqual(found, Array("SPYGLAZZ".utf8))
        guard case .badMagic? = readError(Data("PK\u{3}\u{4}".utf8)) else { return XCTFail("a zip file is not truncated, it is the wrong format") }
    }

    func testUnsupportedContainerVersion() {
        var bytes = valid
        bytes.version = 2
        guard case .unsupportedVersion(_, 2, 1)? = readError(bytes.data) else { return XCTFail() }
    }

    func testHeaderLengthBeyondTheFile() {
        var bytes = valid
        bytes.headerLengthField = 1 << 40
        guard case .headerLengthOutOfRange(_, 1 << 40, _)? = readError(bytes.data) else { return XCTFail() }
        bytes.headerLengthField = .max
        guard case .headerLengthOutOfRange(_, .max, _)? = readError(bytes.data) else { return XCTFail() }
    }

    func testTensorOffsetBeyondTheEnd() {
        let bytes = ContainerBytes(header: ContainerBytes.header(offset: 640), blob: [UInt8](repeating: 0, count: 64))
        guard case .tensorOutOfBounds(_, "w", 640, 16, 64)? = readError(bytes.data) else { return XCTFail() }
        let huge = ContainerBytes(header: ContainerBytes.header(offset: Int(Int64.max / 64 * 64)), blob: [UInt8](repeating: 0, count: 64))
        guard case .tensorOutOfBounds? = readError(huge.data) else { return XCTFail("offset + length overflowing must be caught") }
    }

    func testMisalignedTensorOffset() {
        let bytes = ContainerBytes(header: ContainerBytes.header(offset: 4), blob: [UInt8](repeating: 0, count: 64))
        guard case .misalignedTensor(_, "w", 4, 64)? = readError(bytes.data) else { return XCTFail() }
    }

    func testTensorLengthDisagreeingWithDtypeAndShape() {
        let bytes = ContainerBytes(header: ContainerBytes.header(length: 12), blob: [UInt8](repeating: 0, count: 64))
        guard case .tensorSizeMismatch(_, "w", 16, 12)? = readError(bytes.data) else { return XCTFail() }
        let int64 = ContainerBytes(header: ContainerBytes.header(length: 16, dtype: "int64"), blob: [UInt8](repeating: 0, count: 64))
        guard case .tensorSizeMismatch(_, "w", 32, 16)? = readError(int64.data) else { return XCTFail() }
    }

    func testGarbageJSONHeader() {
        for garbage in ["{\"format_version\": 1,", "not json at all", "{\"a\": 1} trailing", "{'single': 1}", "[1, 2,]",
                        "{\"a\": NaN}", "{\"a\": Infinity}", "{\"a\": \"tab\there\"}", "",
                        String(repeating: "[", count: 200) + String(repeating: "]", count: 200)] {
            guard case .invalidJSON(_, let message)? = readError(ContainerBytes(header: garbage).data) else {
                return XCTFail("accepted \(garbage.prefix(30))")
            }
            XCTAssertFalse(message.isEmpty)
        }
        guard case .invalidJSON? = readError(invalidUTF8Header()) else { return XCTFail("invalid UTF-8 must be rejected") }
    }

    private func invalidUTF8Header() -> Data {
        var d = ContainerBytes(header: "{\"k\": \"XX\"}").data
        if let r = d.range(of: Data("XX".utf8)) { d.replaceSubrange(r, with: [0xFF, 0xFE]) }
        return d
    }

    func testWrongAttributeTypeNamesNodeAndAttribute() {
        let header = ContainerBytes.header(attributes: #"{"axis": "one"}"#, op: "concat")
        guard case .invalidAttribute(_, "n0", "axis", let message)? = readError(ContainerBytes(header: header, blob: [UInt8](repeating: 0, count: 16)).data) else {
            return XCTFail()
        }
        XCTAssertTrue(message.contains("integer") && message.contains("string"), message)
    }

    func testMissingUnknownAndNestedAttributesNameTheAttribute() {
        func attributeError(_ attributes: String, op: String) -> (String, String)? {
            let header = ContainerBytes.header(attributes: attributes, op: op)
            guard case .invalidAttribute(_, "n0", let a, let m)? = readError(ContainerBytes(header: header, blob: [UInt8](repeating: 0, count: 16)).data) else { return nil }
            return (a, m)
        }
        XCTAssertEqual(attributeError(#"{"axis": 1, "start": 0}"#, op: "slice")?.0, "end")
        XCTAssertEqual(attributeError(#"{"axis": 1, "colour": 3}"#, op: "concat")?.0, "colour")
        XCTAssertEqual(attributeError(#"{"axis": 1.5}"#, op: "concat")?.0, "axis")
        XCTAssertEqual(attributeError(#"{"function": "sparkle"}"#, op: "activation")?.0, "function")
        let pool = #"{"kernel_h": 2, "kernel_w": 2, "stride_h": 2, "stride_w": 2, "padding": {"top": 0, "left": 0, "bottom": "1", "right": 0}, "count_include_pad": false}"#
        XCTAssertEqual(attributeError(pool, op: "maxPool")?.0, "padding.bottom")
        XCTAssertEqual(attributeError("[]", op: "identity")?.0, "attributes")
    }

    func testUnknownOpNamesTheNode() {
        let header = ContainerBytes.header(op: "convolution3d")
        guard case .unknownOp(_, "n0", "convolution3d")? = readError(ContainerBytes(header: header, blob: [UInt8](repeating: 0, count: 16)).data) else {
            return XCTFail()
        }
    }

    func testStructuralHeaderProblemsGiveTheirJSONPath() {
        func path(_ header: String) -> String? {
            guard case .invalidHeader(_, let p, _)? = readError(ContainerBytes(header: header, blob: [UInt8](repeating: 0, count: 16)).data) else { return nil }
            return p
        }
        let base = ContainerBytes.header()
        XCTAssertEqual(path(base.replacingOccurrences(of: #""dtype": "float32", "shape": [4]"#, with: #""dtype": "float16", "shape": [4]"#)), "tensors[0].dtype")
        XCTAssertEqual(path(base.replacingOccurrences(of: #""shape": [1, 4]"#, with: #""shape": [1, -4]"#)), "graph.inputs[0].shape[1]")
        XCTAssertEqual(path(base.replacingOccurrences(of: "\"outputs\": [\"y\"],\n", with: "\n")), "graph.outputs")
        XCTAssertEqual(path(base.replacingOccurrences(of: #""offset": 0"#, with: #""offset": -64"#)), "tensors[0].offset")
        XCTAssertEqual(path(base.replacingOccurrences(of: #""shape": [4]"#, with: #""shape": ["n"]"#)), "tensors[0].shape")
        XCTAssertEqual(path(base.replacingOccurrences(of: #""format_version": 1"#, with: #""format_version": 7"#)), "format_version")
        XCTAssertEqual(path("[1, 2]"), "(root)")
    }

    func testEmptyFileAndDirectoryAreClearErrors() throws {
        guard case .truncated(_, "magic", 8, 0)? = readError(Data()) else { return XCTFail() }
        XCTAssertThrowsError(try SpyglassFile.read(directory)) { e in
            guard case FormatError.io(_, let m)? = e as? FormatError else { return XCTFail("\(e)") }
            XCTAssertTrue(m.contains("not a regular file"), m)
        }
        XCTAssertThrowsError(try SpyglassFile.read(directory.appendingPathComponent("missing.spyglass"))) { e in
            guard case FormatError.io(_, let m)? = e as? FormatError else { return XCTFail("\(e)") }
            XCTAssertTrue(m.contains("No such file"), m)
        }
    }

    func testRandomGarbageNeverCrashes() {
        var random = SeededRandom(seed: 99)
        let good = valid.data
        for trial in 0..<200 {
            var d = good
            let flips = 1 + Int(random.next() % 4)
            for _ in 0..<flips { d[Int(random.next() % UInt64(d.count))] = UInt8(truncatingIfNeeded: random.next()) }
            if trial % 3 == 0 { d = d.prefix(Int(random.next() % UInt64(d.count))) }
            let url = directory.appendingPathComponent("fuzz.spyglass")
            XCTAssertNoThrow(try d.write(to: url))
            do { _ = try SpyglassFile.read(url) } catch is FormatError {} catch { XCTFail("trial \(trial): \(error)") }
        }
    }
}
