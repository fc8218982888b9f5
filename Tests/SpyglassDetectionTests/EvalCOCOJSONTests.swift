import Foundation
import SpyglassDetection
import XCTest

/// COCO-format files: reading, writing, and errors that point at the entry.
final class EvalCOCOJSONTests: XCTestCase {
    func testAnnotationsFileWithCrowdAreaAndExtraFieldsIsRead() throws {
        let text = """
            {"info": {}, "images": [{"id": 42, "file_name": "a.jpg", "width": 640, "height": 480}],
             "annotations": [{"id": 5, "image_id": 42, "category_id": 3, "bbox": [1.5, 2, 30, 40], "area": 999.5,
                              "iscrowd": 1, "segmentation": [[1, 2, 3, 4]]},
                             {"id": 6, "image_id": 42, "category_id": 3, "bbox": [0, 0, 10, 10], "difficult": true}],
             "categories": [{"id": 3, "name": "dog", "supercategory": "animal"}]}
            """
        let data = try COCOJSON.decodeAnnotations(Data(text.utf8), file: "gt.json")
        XCTAssertEqual(data.images, [EvalImage(id: 42, fileName: "a.jpg", width: 640, height: 480)])
        XCTAssertEqual(data.categoryName(3), "dog")
        XCTAssertEqual(data.groundTruth[0], GroundTruthObject(id: 5, imageID: 42, categoryID: 3, box: EvalBox(x: 1.5, y: 2, width: 30, height: 40),
                                                              area: 999.5, isCrowd: true))
        XCTAssertEqual(data.groundTruth[1].area, 100, "area defaults to the box area")
        XCTAssertTrue(data.groundTruth[1].isDifficult)
    }

    func testResultsRoundTripExactly() throws {
        let dets = [ScoredDetection(imageID: 1, categoryID: 2, box: EvalBox(x: 0.1, y: 1e-5, width: 123.456789012345678, height: 7), score: 0.35000000000000003)]
        XCTAssertEqual(try COCOJSON.decodeResults(COCOJSON.encodeResults(dets), file: "dt.json"), dets)
    }

    func testBoxWithThreeNumbersNamesTheAnnotation() {
        let text = #"{"images": [{"id": 1}], "annotations": [{"image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1]}, {"image_id": 1, "category_id": 1, "bbox": [0, 0, 1]}], "categories": [{"id": 1}]}"#
        XCTAssertThrowsError(try COCOJSON.decodeAnnotations(Data(text.utf8), file: "gt.json")) {
            XCTAssertEqual("\($0)", "gt.json: annotations[1].bbox: expected 4 numbers [x, y, width, height], found 3")
        }
    }

    func testMissingFieldAndUnknownCategoryAreNamed() {
        let missing = #"{"images": [{"id": 1}], "annotations": [{"image_id": 1, "bbox": [0, 0, 1, 1]}], "categories": []}"#
        XCTAssertThrowsError(try COCOJSON.decodeAnnotations(Data(missing.utf8), file: "gt.json")) {
            XCTAssertTrue("\($0)".hasPrefix("gt.json: annotations[0]: missing field \"category_id\""), "\($0)")
        }
        let unknown = #"{"images": [{"id": 1}], "annotations": [{"image_id": 1, "category_id": 9, "bbox": [0, 0, 1, 1]}], "categories": [{"id": 1}]}"#
        XCTAssertThrowsError(try COCOJSON.decodeAnnotations(Data(unknown.utf8), file: "gt.json")) {
            XCTAssertEqual("\($0)", "gt.json: annotations[0]: category_id 9 is not in `categories`")
        }
    }

    func testResultsThatAreNotJSONOrHaveNegativeSizesAreErrors() {
        XCTAssertThrowsError(try COCOJSON.decodeResults(Data("[{".utf8), file: "dt.json")) {
            XCTAssertTrue("\($0)".hasPrefix("dt.json: not valid JSON"), "\($0)")
        }
        let negative = #"[{"image_id": 1, "category_id": 1, "bbox": [0, 0, -1, 1], "score": 0.5}]"#
        XCTAssertThrowsError(try COCOJSON.decodeResults(Data(negative.utf8), file: "dt.json")) {
            XCTAssertTrue("\($0)".hasPrefix("dt.json: [0].bbox:"), "\($0)")
        }
    }
}
