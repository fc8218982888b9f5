import SpyglassDetection
import XCTest

/// Cross-entropy and focal loss against hand-worked numbers (the object-detection survey's examples
/// and the formulas PyTorch documents).
final class LossClassificationTests: XCTestCase {
    func testFocalLossOfEasyPositiveIsAlphaTimesSquaredMissTimesLogLoss() {
        // 0.25 · (1 − 0.9)² · (−ln 0.9) = 0.25 · 0.01 · 0.1053605 ≈ 2.634e-4
        XCTAssertEqual(FocalLoss().term(p: 0.9, y: 1), 2.6340129e-4, accuracy: 1e-10)
    }

    func testFocalLossOfSurveyScenariosMisclassifiedAndVeryEasy() {
        // Misclassified positive p = 0.1: 0.25 · 0.81 · 2.302585 = 0.466273 (the survey rounds to 0.4667).
        XCTAssertEqual(FocalLoss().term(p: 0.1, y: 1), 0.4662735, accuracy: 1e-6)
        // Very easy positive p = 0.99: 0.25 · 1e-4 · 0.01005 = 2.5126e-7 (the survey: 2.5e-7).
        XCTAssertEqual(FocalLoss().term(p: 0.99, y: 1), 2.5125840e-7, accuracy: 1e-12)
    }

    func testFocalLossWeighsNegativesWithOneMinusAlphaAsThePaper() {
        // Easy negative p = 0.1: α_t = 0.75, 0.75 · 0.1² · (−ln 0.9) = 7.902e-4. (The survey multiplies
        // negatives by 0.25 as well and gets 2.6e-4; RetinaNet and torchvision use 1 − α.)
        XCTAssertEqual(FocalLoss().term(p: 0.1, y: 0), 7.9020387e-4, accuracy: 1e-10)
    }

    func testFocalLossWithoutAlphaAndGammaZeroIsBinaryCrossEntropy() throws {
        let p = [0.3, 0.8, 0.55], y = [1.0, 0, 1]
        XCTAssertEqual(try FocalLoss(alpha: nil, gamma: 0)(probabilities: p, targets: y),
                       try CrossEntropy.binary(predicted: p, targets: y), accuracy: 1e-12)
    }

    func testSurveyMultiClassCrossEntropyCatPredictedAtTenPercent() throws {
        // Output [0.1, 0.5, 0.4], truth cat [1, 0, 0]: −ln 0.1 = 2.302585.
        XCTAssertEqual(try CrossEntropy.distribution(target: [1, 0, 0], predicted: [0.1, 0.5, 0.4]), 2.3025851, accuracy: 1e-6)
        XCTAssertEqual(try CrossEntropy.multiClass(probabilities: [[0.1, 0.5, 0.4]], targets: [0]), 2.3025851, accuracy: 1e-6)
    }

    func testSurveyBinaryCrossEntropyCatAtFortyPercent() throws {
        // Output [0.4, 0.6], truth [1, 0]: each term −ln 0.4 = 0.916291, mean the same.
        XCTAssertEqual(try CrossEntropy.binary(predicted: [0.4, 0.6], targets: [1, 0]), 0.9162907, accuracy: 1e-6)
        XCTAssertEqual(try CrossEntropy.binary(predicted: [0.4, 0.6], targets: [1, 0], reduction: .sum), 1.8325815, accuracy: 1e-6)
    }

    func testSoftmaxCrossEntropyFromLogitsAsPyTorchAndStableForHugeLogits() throws {
        // −2 + ln(e² + e + 1) = 0.407606
        XCTAssertEqual(try CrossEntropy.softmax(logits: [[2, 1, 0]], targets: [0]), 0.4076060, accuracy: 1e-6)
        XCTAssertEqual(try CrossEntropy.softmax(logits: [[1000, 0]], targets: [1]), 1000, accuracy: 1e-9)
    }

    func testBinaryCrossEntropyWithLogitsIsStable() throws {
        XCTAssertEqual(try CrossEntropy.binaryWithLogits(logits: [0], targets: [1]), 0.6931472, accuracy: 1e-6)  // ln 2
        XCTAssertEqual(try CrossEntropy.binaryWithLogits(logits: [100], targets: [0]), 100, accuracy: 1e-9)
        XCTAssertEqual(try CrossEntropy.binaryWithLogits(logits: [-800], targets: [0]), 0, accuracy: 1e-12)
    }

    func testProbabilitiesZeroAndOneGiveFiniteLossesNotNaNOrInfinity() throws {
        let worst = -log(LossNumerics.probabilityEpsilon)  // −ln 1e-7 = 16.118
        XCTAssertEqual(try CrossEntropy.binary(predicted: [0], targets: [1]), 16.1180957, accuracy: 1e-6)
        XCTAssertEqual(try CrossEntropy.binary(predicted: [1], targets: [0]), worst, accuracy: 1e-6)
        XCTAssertEqual(try CrossEntropy.binary(predicted: [1], targets: [1]), 0, accuracy: 1e-6)
        XCTAssertEqual(try CrossEntropy.multiClass(probabilities: [[0, 1]], targets: [0]), worst, accuracy: 1e-6)
        XCTAssertEqual(try CrossEntropy.distribution(target: [0, 1], predicted: [1, 0]), worst, accuracy: 1e-6)
        for (p, y) in [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)] {
            let fl = FocalLoss().term(p: p, y: y)
            XCTAssertTrue(fl.isFinite && fl >= 0, "focal(\(p), \(y)) = \(fl)")
        }
        XCTAssertEqual(FocalLoss().term(p: 0, y: 1), 0.25 * worst, accuracy: 1e-5)
    }

    func testEmptyBatchesGiveZero() throws {
        XCTAssertEqual(try CrossEntropy.binary(predicted: [], targets: []), 0)
        XCTAssertEqual(try CrossEntropy.multiClass(probabilities: [], targets: []), 0)
        XCTAssertEqual(try CrossEntropy.softmax(logits: [], targets: []), 0)
        XCTAssertEqual(try FocalLoss()(probabilities: [], targets: []), 0)
    }

    func testMismatchedLengthsAndBadClassesAreErrorsNotCrashes() {
        XCTAssertThrowsError(try CrossEntropy.binary(predicted: [0.5], targets: [1, 0])) { error in
            XCTAssertEqual(error as? LossError, .lengthMismatch(what: "binary cross-entropy targets", expected: 1, got: 2))
        }
        XCTAssertThrowsError(try CrossEntropy.multiClass(probabilities: [[0.5, 0.5]], targets: [2])) { error in
            XCTAssertEqual(error as? LossError, .classOutOfRange(index: 0, classIndex: 2, classes: 2))
        }
        XCTAssertThrowsError(try CrossEntropy.softmax(logits: [[]], targets: [0]))
    }
}
