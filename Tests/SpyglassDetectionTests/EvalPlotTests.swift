import SpyglassDetection
import SpyglassImage
import XCTest

/// The PR-curve picture: curves land where recall/precision say, in their class colour.
final class EvalPlotTests: XCTestCase {
    private func color(_ image: Image, _ x: Int, _ y: Int) -> RGBColor {
        RGBColor(red: image.pixel(x, y, 0), green: image.pixel(x, y, 1), blue: image.pixel(x, y, 2))
    }

    func testCurveIsDrawnAtItsRecallAndPrecisionInItsClassColour() {
        // Plot area: x 60…680 for recall 0…1, y 550…40 for precision 0…1 (900×600 canvas).
        let recall = (0...100).map { Double($0) / 100 }
        let flat = PRCurve(name: "dog", recall: recall, precision: recall.map { $0 <= 0.5 ? 0.5 : 0 })
        let image = PRCurvePlot.render(classes: [flat], mean: nil, title: "t")
        XCTAssertEqual(image.width, 900); XCTAssertEqual(image.height, 600)
        XCTAssertEqual(color(image, 60 + 155, 295), RGBColor.forClass(0), "recall 0.25, precision 0.5")
        XCTAssertEqual(color(image, 60 + 465, 295), .white, "nothing at precision 0.5 beyond recall 0.5")
        XCTAssertEqual(color(image, 60 + 465, 550), RGBColor.forClass(0), "precision 0 beyond recall 0.5")
    }

    func testMeanCurveIsBlackAndLegendNamesIt() {
        let recall = [0.0, 1.0]
        let image = PRCurvePlot.render(classes: [PRCurve(name: "a", recall: recall, precision: [1, 1])],
                                       mean: PRCurve(name: "mean", recall: recall, precision: [0.2, 0.2]), title: "t")
        XCTAssertEqual(color(image, 370, 550 - 102), .black, "mean at precision 0.2")
        // Legend swatches: the mean first (black), then class 0's colour.
        XCTAssertEqual(color(image, 705, 43), .black)
        XCTAssertEqual(color(image, 705, 57), RGBColor.forClass(0))
    }
}
