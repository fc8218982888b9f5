import SpyglassDetection
import XCTest

/// Regression and YOLO losses against hand-worked numbers.
final class LossRegressionTests: XCTestCase {
    // Differences −0.5, 0, −2.
    let predicted = [1.0, 2, 3], targets = [1.5, 2, 5]

    func testMeanSquaredAbsoluteAndRootMeanSquared() throws {
        XCTAssertEqual(try RegressionLoss.meanSquared(predicted: predicted, targets: targets), 4.25 / 3, accuracy: 1e-12)
        XCTAssertEqual(try RegressionLoss.meanAbsolute(predicted: predicted, targets: targets), 2.5 / 3, accuracy: 1e-12)
        XCTAssertEqual(try RegressionLoss.rootMeanSquared(predicted: predicted, targets: targets), 1.1902381, accuracy: 1e-6)
        XCTAssertEqual(try RegressionLoss.meanSquared(predicted: predicted, targets: targets, reduction: .sum), 4.25, accuracy: 1e-12)
    }

    func testSmoothL1IsQuadraticBelowBetaAndLinearAbove() throws {
        // β = 1: |d| = 0.5 → 0.5·0.25 = 0.125; |d| = 2 → 2 − 0.5 = 1.5; mean 0.8125.
        XCTAssertEqual(try RegressionLoss.smoothL1(predicted: [0.5, 2], targets: [0, 0]), 0.8125, accuracy: 1e-12)
        // β = 0.5: |d| = 0.5 is not < β → 0.5 − 0.25 = 0.25; 2 → 1.75; mean 1.0.
        XCTAssertEqual(try RegressionLoss.smoothL1(predicted: [0.5, 2], targets: [0, 0], beta: 0.5), 1.0, accuracy: 1e-12)
        // β = 0 is L1.
        XCTAssertEqual(try RegressionLoss.smoothL1(predicted: [0.5, -2], targets: [0, 0], beta: 0), 1.25, accuracy: 1e-12)
        XCTAssertThrowsError(try RegressionLoss.smoothL1(predicted: [1], targets: [0], beta: -1))
    }

    func testHuberIsDeltaTimesSmoothL1() throws {
        // δ = 0.5: 0.5·0.25 = 0.125; 0.5·(2 − 0.25) = 0.875; mean 0.5.
        XCTAssertEqual(try RegressionLoss.huber(predicted: [0.5, 2], targets: [0, 0], delta: 0.5), 0.5, accuracy: 1e-12)
        XCTAssertEqual(try RegressionLoss.huber(predicted: [0.5, 2], targets: [0, 0], delta: 0.5),
                       0.5 * (try RegressionLoss.smoothL1(predicted: [0.5, 2], targets: [0, 0], beta: 0.5)), accuracy: 1e-12)
    }

    func testRegressionLossesOfEmptyBatchesAreZero() throws {
        XCTAssertEqual(try RegressionLoss.meanSquared(predicted: [], targets: []), 0)
        XCTAssertEqual(try RegressionLoss.meanAbsolute(predicted: [], targets: []), 0)
        XCTAssertEqual(try RegressionLoss.rootMeanSquared(predicted: [], targets: []), 0)
        XCTAssertEqual(try RegressionLoss.smoothL1(predicted: [], targets: []), 0)
        XCTAssertEqual(try YOLOv1Loss().terms(cells: [], targets: []).total, 0)
        XCTAssertEqual(try YOLOv3Loss().terms(predictions: [], assignments: []).total, 0)
    }

    func testYOLOv1TermsOnTwoCellsByHand() throws {
        // S = 2. Cell A holds an object centred at (0.5, 0.5) of the cell, 0.64 × 0.36, class 1.
        // Box 0 (0.25 × 0.25, same centre) lies inside it: IoU 0.0625 / 0.2304 = 0.2713.
        // Box 1 centred at (0.6, 0.4) of the cell, 0.49 × 0.36: ∩ 0.49 × 0.31 = 0.1519,
        // ∪ 0.1764 + 0.2304 − 0.1519 = 0.2549, IoU 0.595920 → responsible.
        let a = YOLOv1Cell(boxes: [YOLOv1Box(x: 0.5, y: 0.5, w: 0.25, h: 0.25, confidence: 0.8),
                                   YOLOv1Box(x: 0.6, y: 0.4, w: 0.49, h: 0.36, confidence: 0.3)],
                           classProbabilities: [0.2, 0.7, 0.1])
        let b = YOLOv1Cell(boxes: [YOLOv1Box(x: 0.1, y: 0.1, w: 0.1, h: 0.1, confidence: 0.2),
                                   YOLOv1Box(x: 0.9, y: 0.9, w: 0.2, h: 0.2, confidence: 0.1)],
                           classProbabilities: [0.3, 0.3, 0.4])
        let object = YOLOv1Object(x: 0.5, y: 0.5, w: 0.64, h: 0.36, classIndex: 1)
        let t = try YOLOv1Loss(gridSize: 2).terms(cells: [a, b], targets: [object, nil])
        // 5 · [0.1² + 0.1² + (0.7 − 0.8)² + 0²] = 0.15
        XCTAssertEqual(t.localization, 0.15, accuracy: 1e-12)
        // (0.3 − 0.595920)² = 0.0875686
        XCTAssertEqual(t.objectness, 0.0875686, accuracy: 1e-7)
        // 0.5 · 0.8² (box 0 of A) + 0.5 · (0.2² + 0.1²) (cell B) = 0.32 + 0.025
        XCTAssertEqual(t.noObject, 0.345, accuracy: 1e-12)
        // 0.2² + 0.3² + 0.1²
        XCTAssertEqual(t.classification, 0.14, accuracy: 1e-12)
        XCTAssertEqual(t.total, 0.7225686, accuracy: 1e-7)
        // Without rescoring the confidence target is 1: (0.3 − 1)².
        XCTAssertEqual(try YOLOv1Loss(gridSize: 2, rescore: false).terms(cells: [a, b], targets: [object, nil]).objectness, 0.49, accuracy: 1e-12)
        XCTAssertThrowsError(try YOLOv1Loss(gridSize: 2).terms(cells: [a], targets: [YOLOv1Object(x: 0, y: 0, w: 1, h: 1, classIndex: 3)]))
    }

    func testYOLOv3TermsByHandWithBackgroundAndIgnoredAnchors() throws {
        let assigned = YOLOv3Prediction(x: 0.6, y: 0.3, tw: 0.1, th: -0.2, objectness: 0.8, classProbabilities: [0.9, 0.2])
        let background = YOLOv3Prediction(x: 0.5, y: 0.5, tw: 0, th: 0, objectness: 0.1, classProbabilities: [0.5, 0.5])
        let ignored = YOLOv3Prediction(x: 0.5, y: 0.5, tw: 0, th: 0, objectness: 0.99, classProbabilities: [0.5, 0.5])
        let target = YOLOv3Target(x: 0.5, y: 0.5, tw: 0, th: 0, width: 0.2, height: 0.5, classIndex: 0)
        let t = try YOLOv3Loss().terms(predictions: [assigned, background, ignored],
                                       assignments: [.object(target), .background, .ignored])
        // (2 − 0.2·0.5) · (0.1² + 0.2² + 0.1² + 0.2²) = 1.9 · 0.1
        XCTAssertEqual(t.box, 0.19, accuracy: 1e-12)
        XCTAssertEqual(t.objectness, 0.2231436, accuracy: 1e-7)          // −ln 0.8
        XCTAssertEqual(t.noObject, 0.1053605, accuracy: 1e-7)            // −ln 0.9; the ignored anchor adds nothing
        XCTAssertEqual(t.classification, 0.3285041, accuracy: 1e-7)      // −ln 0.9 − ln 0.8
        XCTAssertEqual(t.total, 0.8470081, accuracy: 1e-7)
    }

    func testYOLOv3ObjectnessZeroAndOneStayFinite() throws {
        let p = YOLOv3Prediction(x: 0, y: 0, tw: 0, th: 0, objectness: 1, classProbabilities: [0, 1])
        let g = YOLOv3Target(x: 0, y: 0, tw: 0, th: 0, width: 1, height: 1, classIndex: 0)
        let t = try YOLOv3Loss().terms(predictions: [p, p], assignments: [.object(g), .background])
        XCTAssertTrue(t.total.isFinite, "\(t)")
        XCTAssertEqual(t.noObject, 16.1180957, accuracy: 1e-6)  // −ln 1e-7 after the ε clamp
    }
}
