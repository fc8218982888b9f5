import Foundation
import SpyglassDetection
import XCTest

/// Small sets worked by hand: duplicates, difficult and crowd objects, ties, absent categories.
final class EvalMatchingTests: XCTestCase {
    private func box(_ x: Double, _ y: Double, _ w: Double, _ h: Double) -> EvalBox { EvalBox(x: x, y: y, width: w, height: h) }
    private func dataset(_ objects: [GroundTruthObject], images: [Int] = [1], categories: [Int] = [1]) -> EvaluationDataset {
        EvaluationDataset(images: images.map { EvalImage(id: $0, fileName: "\($0).jpg", width: 640, height: 480) },
                          categories: categories.map { EvalCategory(id: $0, name: "c\($0)") }, groundTruth: objects)
    }

    /// Two objects; detections 0.9 on A, 0.8 a duplicate of A, 0.7 on B → TP, FP, TP:
    /// recall 0.5, 0.5, 1 and precision 1, 0.5, 2/3.
    private func duplicateCase() -> (EvaluationDataset, [ScoredDetection]) {
        let a = box(10, 10, 50, 50), b = box(200, 200, 60, 40)
        return (dataset([GroundTruthObject(id: 1, imageID: 1, categoryID: 1, box: a),
                         GroundTruthObject(id: 2, imageID: 1, categoryID: 1, box: b)]),
                [ScoredDetection(imageID: 1, categoryID: 1, box: a, score: 0.9),
                 ScoredDetection(imageID: 1, categoryID: 1, box: a, score: 0.8),
                 ScoredDetection(imageID: 1, categoryID: 1, box: b, score: 0.7)])
    }

    func testDuplicateDetectionOfMatchedObjectIsFalsePositiveInVOC() {
        let (data, dets) = duplicateCase()
        let voc12 = VOCEvaluator.evaluate(data, detections: dets, interpolation: .allPoint)
        XCTAssertEqual(voc12.classes[0].truePositives, 2)
        XCTAssertEqual(voc12.classes[0].falsePositives, 1)
        // Envelope 1 up to recall 0.5, then 2/3: 0.5 · 1 + 0.5 · 2/3.
        XCTAssertEqual(voc12.meanAveragePrecision ?? -1, 0.5 + 1.0 / 3, accuracy: 1e-12)
        // 11-point: levels 0 … 0.5 see precision 1, levels 0.6 … 1 see 2/3: (6 + 5 · 2/3) / 11.
        let voc07 = VOCEvaluator.evaluate(data, detections: dets, interpolation: .elevenPoint)
        XCTAssertEqual(voc07.meanAveragePrecision ?? -1, (6 + 10.0 / 3) / 11, accuracy: 1e-12)
    }

    func testDuplicateDetectionOfMatchedObjectIsFalsePositiveInCOCO() throws {
        let (data, dets) = duplicateCase()
        let coco = try COCOEvaluator.evaluate(data, detections: dets)
        // Recall points 0 … 0.50 (51 of them) read precision 1, the 50 above read 2/3 (boxes exact: every IoU threshold alike).
        let expected = (51 + 50 * (2.0 / 3)) / 101
        XCTAssertEqual(coco.stats.ap50, expected, accuracy: 1e-9)
        XCTAssertEqual(coco.stats.ap, expected, accuracy: 1e-9)
        XCTAssertEqual(coco.stats.ar100, 1, accuracy: 1e-12)
        XCTAssertEqual(coco.stats.ar1, 0.5, accuracy: 1e-12, "one detection per image: only A is found")
    }

    func testDetectionOnDifficultObjectIsNeitherRightNorWrongInVOC() {
        let a = box(10, 10, 50, 50), hard = box(300, 100, 40, 40)
        let data = dataset([GroundTruthObject(id: 1, imageID: 1, categoryID: 1, box: a),
                            GroundTruthObject(id: 2, imageID: 1, categoryID: 1, box: hard, isDifficult: true)])
        let dets = [ScoredDetection(imageID: 1, categoryID: 1, box: hard, score: 0.95),
                    ScoredDetection(imageID: 1, categoryID: 1, box: a, score: 0.5)]
        let voc = VOCEvaluator.evaluate(data, detections: dets, interpolation: .allPoint)
        XCTAssertEqual(voc.classes[0].positives, 1)
        XCTAssertEqual(voc.classes[0].truePositives, 1)
        XCTAssertEqual(voc.classes[0].falsePositives, 0)
        XCTAssertEqual(voc.meanAveragePrecision, 1)
    }

    func testDetectionsInsideCrowdRegionAreIgnoredInCOCO() throws {
        let a = box(10, 10, 50, 50), crowd = box(200, 100, 200, 200)
        let data = dataset([GroundTruthObject(id: 1, imageID: 1, categoryID: 1, box: a),
                            GroundTruthObject(id: 2, imageID: 1, categoryID: 1, box: crowd, isCrowd: true)])
        // Two detections inside the crowd (IoU against a crowd = ∩ / detection area = 1) score above the hit.
        let dets = [ScoredDetection(imageID: 1, categoryID: 1, box: box(220, 120, 40, 40), score: 0.9),
                    ScoredDetection(imageID: 1, categoryID: 1, box: box(300, 200, 50, 50), score: 0.8),
                    ScoredDetection(imageID: 1, categoryID: 1, box: a, score: 0.7)]
        XCTAssertEqual(try COCOEvaluator.evaluate(data, detections: dets).stats.ap, 1, accuracy: 1e-9)
        // Without the crowd flag they are false positives ranked first: precision 1/3 at recall 0.5 → lower AP.
        var plain = data
        plain.groundTruth[1].isCrowd = false
        XCTAssertLessThan(try COCOEvaluator.evaluate(plain, detections: dets).stats.ap, 0.5)
    }

    func testEqualScoresAcrossImagesAreOrderedByImageIdInCOCO() throws {
        // Image 1: a miss at 0.5; image 2: a hit at 0.5. pycocotools concatenates images in id order and
        // sorts stably, so the miss comes first: precision 0, then 1/2 at recall 0.5 → 51 · 0.5 / 101.
        let g1 = box(10, 10, 50, 50), g2 = box(100, 100, 50, 50)
        let data = dataset([GroundTruthObject(id: 1, imageID: 1, categoryID: 1, box: g1),
                            GroundTruthObject(id: 2, imageID: 2, categoryID: 1, box: g2)], images: [2, 1])
        let dets = [ScoredDetection(imageID: 2, categoryID: 1, box: g2, score: 0.5),
                    ScoredDetection(imageID: 1, categoryID: 1, box: box(400, 300, 20, 20), score: 0.5)]
        XCTAssertEqual(try COCOEvaluator.evaluate(data, detections: dets).stats.ap50, 51 * 0.5 / 101, accuracy: 1e-9)
    }

    func testEqualScoresKeepInputOrderInVOC() {
        let g1 = box(10, 10, 50, 50), g2 = box(100, 100, 50, 50)
        let data = dataset([GroundTruthObject(id: 1, imageID: 1, categoryID: 1, box: g1),
                            GroundTruthObject(id: 2, imageID: 2, categoryID: 1, box: g2)], images: [1, 2])
        let hit = ScoredDetection(imageID: 2, categoryID: 1, box: g2, score: 0.5)
        let miss = ScoredDetection(imageID: 1, categoryID: 1, box: box(400, 300, 20, 20), score: 0.5)
        // Hit first: precision 1 up to recall 0.5 → 0.5. Miss first: precision 1/2 there → 0.25.
        XCTAssertEqual(VOCEvaluator.evaluate(data, detections: [hit, miss], interpolation: .allPoint).meanAveragePrecision ?? -1, 0.5, accuracy: 1e-12)
        XCTAssertEqual(VOCEvaluator.evaluate(data, detections: [miss, hit], interpolation: .allPoint).meanAveragePrecision ?? -1, 0.25, accuracy: 1e-12)
    }

    func testOverlapOfExactlyHalfCountsInVOCAsTheDevkit() {
        // Devkit pixels: ground truth 0…9 × 0…9, detection 0…19 × 0…9: ∩ 100, ∪ 200 → 0.5 ≥ 0.5.
        let data = dataset([GroundTruthObject(id: 1, imageID: 1, categoryID: 1, box: box(0, 0, 10, 10))])
        let det = ScoredDetection(imageID: 1, categoryID: 1, box: box(0, 0, 20, 10), score: 0.9)
        XCTAssertEqual(VOCEvaluator.evaluate(data, detections: [det], interpolation: .allPoint).meanAveragePrecision, 1)
        let barelyOff = ScoredDetection(imageID: 1, categoryID: 1, box: box(0, 0, 20.01, 10), score: 0.9)
        XCTAssertEqual(VOCEvaluator.evaluate(data, detections: [barelyOff], interpolation: .allPoint).meanAveragePrecision, 0)
    }

    func testCategoriesWithoutGroundTruthAreLeftOutOfTheMean() throws {
        let a = box(10, 10, 50, 50)
        let data = dataset([GroundTruthObject(id: 1, imageID: 1, categoryID: 1, box: a)], categories: [1, 2])
        let dets = [ScoredDetection(imageID: 1, categoryID: 1, box: a, score: 0.9),
                    ScoredDetection(imageID: 1, categoryID: 2, box: a, score: 0.9)]
        let coco = try COCOEvaluator.evaluate(data, detections: dets)
        XCTAssertEqual(coco.stats.ap, 1, accuracy: 1e-9)
        XCTAssertEqual(coco.averagePrecision(categoryID: 2), -1)
        XCTAssertNil(coco.precisionCurve(categoryID: 2))
        let voc = VOCEvaluator.evaluate(data, detections: dets, interpolation: .elevenPoint)
        XCTAssertNil(voc.classes[1].averagePrecision)
        XCTAssertEqual(voc.meanAveragePrecision, 1)
    }

    func testAreaRangesSplitSmallMediumAndLargeObjects() throws {
        // A 20×20 object (small, found) and a 150×150 one (large, missed); no medium objects → −1.
        let small = box(10, 10, 20, 20), large = box(200, 100, 150, 150)
        let data = dataset([GroundTruthObject(id: 1, imageID: 1, categoryID: 1, box: small),
                            GroundTruthObject(id: 2, imageID: 1, categoryID: 1, box: large)])
        let stats = try COCOEvaluator.evaluate(data, detections: [ScoredDetection(imageID: 1, categoryID: 1, box: small, score: 0.9)]).stats
        XCTAssertEqual(stats.apSmall, 1, accuracy: 1e-9)
        XCTAssertEqual(stats.apLarge, 0)
        XCTAssertEqual(stats.apMedium, -1)
    }

    func testDetectionForAnImageOutsideTheDatasetIsAnError() {
        let data = dataset([])
        XCTAssertThrowsError(try COCOEvaluator.evaluate(data, detections: [ScoredDetection(imageID: 7, categoryID: 1, box: box(0, 0, 1, 1), score: 1)])) {
            XCTAssertEqual("\($0)", "detection 0: image_id 7 is not an image of the dataset")
        }
    }
}
