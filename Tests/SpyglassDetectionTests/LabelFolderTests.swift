import Foundation
import SpyglassDetection
import TestSupport
import XCTest

final class LabelFolderTests: XCTestCase {
    private func folder(_ files: [String: String]) throws -> URL {
        let dir = try Fixtures.temporaryDirectory("labels")
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    func testFolderOfLabelFilesIsReadInNameOrder() throws {
        let dir = try folder(["b.txt": "0 0.5 0.5 0.2 0.3\n\n3 0.1 0.2 0.05 0.05\n", "a.txt": "", "classes.txt": "dog\ncat\n",
                              "notes.md": "ignored"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try YOLOLabels.readFolder(dir)
        XCTAssertEqual(files.map(\.url.lastPathComponent), ["a.txt", "b.txt"])
        XCTAssertEqual(files[1].entries, [LabelEntry(classIndex: 0, box: Box(x: 0.5, y: 0.5, w: 0.2, h: 0.3)),
                                          LabelEntry(classIndex: 3, box: Box(x: 0.1, y: 0.2, w: 0.05, h: 0.05))])
    }

    func testLineWithTooFewFieldsNamesFileAndLine() {
        XCTAssertThrowsError(try YOLOLabels.parse("0 0.5 0.5 0.2 0.3\n1 0.5 0.5 0.2\n", file: "img1.txt")) { error in
            guard case YOLOLabelError.malformedLine(let file, let line, _, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "img1.txt"); XCTAssertEqual(line, 2)
            XCTAssertTrue("\(error)".contains("img1.txt:2"), "\(error)")
        }
    }

    func testCoordinateOutsideUnitRangeIsRejected() {
        XCTAssertThrowsError(try YOLOLabels.parse("\n\n2 1.2 0.5 0.1 0.1", file: "x.txt")) { error in
            XCTAssertEqual(error as? YOLOLabelError, .valueOutOfRange(file: "x.txt", line: 3, field: "cx", value: 1.2))
        }
    }

    func testNonIntegerClassAndNonNumericValuesAreMalformed() {
        XCTAssertThrowsError(try YOLOLabels.parse("dog 0.5 0.5 0.1 0.1", file: "x.txt"))
        XCTAssertThrowsError(try YOLOLabels.parse("-1 0.5 0.5 0.1 0.1", file: "x.txt"))
        XCTAssertThrowsError(try YOLOLabels.parse("0 0.5 nan 0.1 0.1", file: "x.txt"))
        XCTAssertThrowsError(try YOLOLabels.parse("0 0.5 abc 0.1 0.1", file: "x.txt")) { error in
            XCTAssertTrue("\(error)".contains("cy"), "\(error)")
        }
    }

    func testMissingFolderIsAnUnreadableError() {
        XCTAssertThrowsError(try YOLOLabels.readFolder(URL(fileURLWithPath: "/nonexistent/labels"))) { error in
            guard case YOLOLabelError.unreadable(let file, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(file, "/nonexistent/labels")
        }
    }
}
