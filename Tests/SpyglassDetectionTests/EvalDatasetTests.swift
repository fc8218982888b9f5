import Foundation
import SpyglassDetection
import SpyglassImage
import TestSupport
import XCTest

/// Datasets on disk: YOLO label folders, Darknet `.data` files, and the bad input users hit.
final class EvalDatasetTests: XCTestCase {
    var dir: URL!
    override func setUpWithError() throws { dir = try Fixtures.temporaryDirectory("eval-dataset") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    /// images/ with `names` as 100×50 PNGs and labels/ with the given texts.
    private func folders(images names: [String], labels: [String: String]) throws -> (URL, URL) {
        let images = dir.appendingPathComponent("images"), labelDir = dir.appendingPathComponent("labels")
        try FileManager.default.createDirectory(at: images, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: labelDir, withIntermediateDirectories: true)
        for name in names { try ImageIO.writePNG(Image(width: 100, height: 50, fill: 0.5), to: images.appendingPathComponent(name).path) }
        for (name, text) in labels { try text.write(to: labelDir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return (images, labelDir)
    }

    func testYOLOLabelsBecomePixelBoxesAndPerfectDetectionsScoreOne() throws {
        let (images, labels) = try folders(images: ["b.png", "a.png"], labels: ["a.txt": "1 0.5 0.5 0.2 0.4\n", "b.txt": "0 0.25 0.5 0.5 1\n"])
        let set = try EvaluationSet.open(.yoloFolders(images: images, labels: labels), classNames: ["cat", "dog"])
        XCTAssertEqual(set.images.map(\.fileName), ["a.png", "b.png"], "file-name order, ids 1, 2")
        let run = try set.run(detectors: [])
        // a.png (id 1): centre (50, 25), 20 × 20 pixels → corner (40, 15).
        XCTAssertEqual(run.dataset.groundTruth[0].box, EvalBox(x: 40, y: 15, width: 20, height: 20))
        XCTAssertEqual(run.dataset.groundTruth[0].categoryID, 1)
        XCTAssertEqual(run.dataset.groundTruth[1].box, EvalBox(x: 0, y: 0, width: 50, height: 50))
        XCTAssertEqual(run.dataset.images[1].width, 100)
        let perfect = run.dataset.groundTruth.map { ScoredDetection(imageID: $0.imageID, categoryID: $0.categoryID, box: $0.box, score: 0.9) }
        let report = try EvaluationReport.make(run.dataset, detections: perfect)
        XCTAssertEqual(report.coco.ap, 1, accuracy: 1e-9)
        XCTAssertEqual(report.voc12, 1)
        XCTAssertEqual(report.classes.map(\.name), ["cat", "dog"])
    }

    func testMissingLabelFileWarnsNamingItAndCountsAnImageWithoutObjects() throws {
        let (images, labels) = try folders(images: ["a.png", "b.png"], labels: ["a.txt": "0 0.5 0.5 0.2 0.4\n"])
        let run = try EvaluationSet.open(.yoloFolders(images: images, labels: labels), classNames: ["cat"]).run(detectors: [])
        XCTAssertEqual(run.dataset.images.count, 2)
        XCTAssertEqual(run.dataset.groundTruth.count, 1)
        XCTAssertEqual(run.warnings.count, 1)
        XCTAssertTrue(run.warnings[0].description.contains("labels/b.txt: no label file for image b.png"), "\(run.warnings[0])")
    }

    func testLabelOutsideZeroOneIsAnErrorNamingFileAndLine() throws {
        let (images, labels) = try folders(images: ["a.png"], labels: ["a.txt": "0 0.5 0.5 0.2 0.4\n\n0 0.5 1.2 0.2 0.4\n"])
        XCTAssertThrowsError(try EvaluationSet.open(.yoloFolders(images: images, labels: labels), classNames: ["cat"]).run(detectors: [])) {
            XCTAssertTrue("\($0)".hasSuffix("labels/a.txt:3: cy = 1.2 is outside [0, 1]"), "\($0)")
        }
    }

    func testUnknownClassIdIsSkippedWithWarningNamingFileAndLine() throws {
        let (images, labels) = try folders(images: ["a.png"], labels: ["a.txt": "\n0 0.5 0.5 0.2 0.4\n7 0.5 0.5 0.2 0.4\n"])
        let run = try EvaluationSet.open(.yoloFolders(images: images, labels: labels), classNames: ["cat", "dog"]).run(detectors: [])
        XCTAssertEqual(run.dataset.groundTruth.count, 1)
        XCTAssertEqual(run.warnings.map(\.line), [3])
        XCTAssertTrue(run.warnings[0].description.hasSuffix("labels/a.txt:3: class 7 is not one of the 2 classes; object skipped"), "\(run.warnings[0])")
    }

    func testEmptyImageFolderIsAnErrorNamingTheFolder() throws {
        let (images, labels) = try folders(images: [], labels: ["a.txt": "0 0.5 0.5 0.2 0.4\n"])
        try "not an image".write(to: images.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try EvaluationSet.open(.yoloFolders(images: images, labels: labels), classNames: ["cat"])) {
            XCTAssertEqual("\($0)", "\(images.path): no images (.jpg, .jpeg, .png) in the folder")
        }
    }

    func testLabelFilesWithoutImagesAndMissingNamesAreReported() throws {
        let (images, labels) = try folders(images: ["a.png"], labels: ["a.txt": "", "zzz.txt": "0 0.5 0.5 0.1 0.1\n"])
        let set = try EvaluationSet.open(.yoloFolders(images: images, labels: labels), classNames: ["cat"])
        XCTAssertTrue(set.warnings.contains { $0.message.contains("1 label file(s) without an image, ignored: zzz.txt") }, "\(set.warnings)")
        XCTAssertThrowsError(try EvaluationSet.open(.yoloFolders(images: images, labels: labels), classNames: nil)) {
            XCTAssertTrue("\($0)".contains("--names"), "\($0)")
        }
    }

    func testDarknetLabelPathRuleReplacesFirstOccurrences() {
        XCTAssertEqual(DarknetDataFile.labelPath(forImage: "/d/VOCdevkit/VOC2007/JPEGImages/000001.jpg"), "/d/VOCdevkit/VOC2007/labels/000001.txt")
        XCTAssertEqual(DarknetDataFile.labelPath(forImage: "coco/images/val2014/x.jpg"), "coco/labels/val2014/x.txt")
        XCTAssertEqual(DarknetDataFile.labelPath(forImage: "images/images/a.png"), "labels/images/a.txt")
        XCTAssertEqual(DarknetDataFile.labelPath(forImage: "set/raw/b.JPEG"), "set/labels/b.txt")
    }

    func testDataFileFindsImageListNamesAndLabelsBesideIt() throws {
        let (images, _) = try folders(images: ["a.png"], labels: ["a.txt": "1 0.5 0.5 0.2 0.4\n"])
        try "\(images.appendingPathComponent("a.png").path)\n\n".write(to: dir.appendingPathComponent("val.txt"), atomically: true, encoding: .utf8)
        try "cat\ndog\n".write(to: dir.appendingPathComponent("my.names"), atomically: true, encoding: .utf8)
        let data = dir.appendingPathComponent("set.data")
        try "# a comment\nclasses = 2\nvalid = val.txt\nnames=my.names\n".write(to: data, atomically: true, encoding: .utf8)
        let run = try EvaluationSet.open(.darknetData(data), classNames: nil).run(detectors: [])
        XCTAssertEqual(run.dataset.categories.map(\.name), ["cat", "dog"])
        XCTAssertEqual(run.dataset.groundTruth.map(\.categoryID), [1])
        XCTAssertEqual(run.warnings, [])
    }

    func testMalformedDataFileLineIsNamed() throws {
        let data = dir.appendingPathComponent("bad.data")
        try "classes=2\nvalid val.txt\n".write(to: data, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try DarknetDataFile(url: data)) {
            XCTAssertEqual("\($0)", "\(data.path):2: expected key=value, found 'valid val.txt'")
        }
    }

    func testCategoryMappingByNameForgivesDarknetSpellingsThenFallsBackToPosition() {
        let coco = [EvalCategory(id: 4, name: "motorcycle"), EvalCategory(id: 67, name: "dining table"), EvalCategory(id: 1, name: "person")]
        let (map, warnings) = CategoryMapping.make(classNames: ["person", "motorbike", "diningtable"], categories: coco)
        XCTAssertEqual(map, [0: 1, 1: 4, 2: 67]); XCTAssertEqual(warnings, [])
        let (positional, w2) = CategoryMapping.make(classNames: ["a", "b", "c"], categories: coco)
        XCTAssertEqual(positional, [0: 1, 1: 4, 2: 67]); XCTAssertEqual(w2.count, 1)
    }
}
