import Foundation
import SpyglassFormat
import SpyglassIR
import TestSupport
import XCTest

/// Reading maps the file and points constants into the mapping instead of copying them.
final class MappedStorageTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws { directory = try Fixtures.temporaryDirectory("format-mmap") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    /// Address ranges of this process's mappings of `path`, from /proc/self/maps.
    private func mappedRanges(of path: String) throws -> [Range<UInt>] {
        // /proc files report size 0, so read them as a stream rather than with String(contentsOfFile:).
        guard let handle = FileHandle(forReadingAtPath: "/proc/self/maps") else { throw XCTSkip("no /proc/self/maps") }
        defer { try? handle.close() }
        let maps = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        return maps.split(separator: "\n").compactMap { line -> Range<UInt>? in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[5...].joined(separator: " ") == resolved else { return nil }
            let bounds = fields[0].split(separator: "-").compactMap { UInt($0, radix: 16) }
            guard bounds.count == 2 else { return nil }
            return bounds[0]..<bounds[1]
        }
    }

    func testConstantsPointInsideTheMappedFileWithoutCopies() throws {
        let url = directory.appendingPathComponent("mapped.spyglass")
        try SpyglassFile.write(AllOpsGraph.make(), to: url)
        let graph = try SpyglassFile.read(url)
        let ranges = try mappedRanges(of: url.path)
        XCTAssertFalse(ranges.isEmpty, "the file should be mapped while its graph is alive")
        for (name, constant) in graph.constants where constant.storage.bytes.count > 0 {
            let start = UInt(bitPattern: constant.storage.bytes.baseAddress)
            let end = start + UInt(constant.storage.bytes.count)
            XCTAssertTrue(ranges.contains { $0.contains(start) && end <= $0.upperBound }, "constant \(name) is not inside the mapping")
            XCTAssertEqual(start % 64, 0, "constant \(name) is not 64-byte aligned in memory")
        }
    }

    func testMappingIsReleasedWithTheLastConstant() throws {
        let url = directory.appendingPathComponent("released.spyglass")
        try SpyglassFile.write(AllOpsGraph.make(), to: url)
        var kept: ConstantTensor?
        do {
            let graph = try SpyglassFile.read(url)
            kept = graph.constants["fc.w"]
        }
        XCTAssertFalse(try mappedRanges(of: url.path).isEmpty, "one constant still alive keeps the mapping")
        XCTAssertEqual(kept?.floats.count, 5120)
        kept = nil
        XCTAssertTrue(try mappedRanges(of: url.path).isEmpty, "the mapping should be unmapped once nothing uses it")
    }

    func testHeaderJSONIsReadableWithoutDecodingTheGraph() throws {
        let url = directory.appendingPathComponent("header.spyglass")
        try SpyglassFile.write(AllOpsGraph.make(), to: url)
        let text = try SpyglassFile.readHeaderJSON(url)
        XCTAssertTrue(text.hasPrefix("{"))
        XCTAssertTrue(text.contains("\"format_version\": 1"))
        XCTAssertTrue(text.contains("\"op\": \"locallyConnected\""))
    }
}
