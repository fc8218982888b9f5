import SpyglassImage
import TestSupport
import XCTest

final class AnnotateTests: XCTestCase {
    func testDrawTextRendersTheGlyphForA() {
        var image = Image(width: 5, height: 7, fill: 0)
        image.drawText("A", x: 0, y: 0, color: .white)
        let rows = (0..<7).map { y in String((0..<5).map { image.pixel($0, y, 0) == 1 ? "#" : "." }) }
        XCTAssertEqual(rows, [".###.",
                              "#...#",
                              "#...#",
                              "#...#",
                              "#####",
                              "#...#",
                              "#...#"])
    }

    func testDrawRectPaintsOnlyTheBorderOfTheGivenThickness() {
        var image = Image(width: 10, height: 10, channels: 1, fill: 0)
        image.drawRect(left: 2, top: 2, right: 7, bottom: 7, thickness: 2, color: .white)
        XCTAssertEqual(image.pixel(2, 2, 0), 1)
        XCTAssertEqual(image.pixel(3, 5, 0), 1)   // second column of the left edge
        XCTAssertEqual(image.pixel(4, 4, 0), 0)   // interior untouched
        XCTAssertEqual(image.pixel(1, 1, 0), 0)   // outside untouched
        XCTAssertEqual(image.pixel(7, 7, 0), 1)
    }

    func testClassesGetDistinctColours() {
        let colours = (0..<20).map { RGBColor.forClass($0) }
        for i in 0..<colours.count { for j in (i + 1)..<colours.count { XCTAssertNotEqual(colours[i], colours[j]) } }
    }

    func testAnnotatedDogHasBoxEdgesInClassColourAndGlyphsInTheLabel() throws {
        let dog = try ImageIO.load(path: Fixtures.image("dog.jpg").path)
        let labels = [BoxLabel(left: 130, top: 220, right: 310, bottom: 540, text: "dog 0.99", classIndex: 16),
                      BoxLabel(left: 470, top: 75, right: 690, bottom: 170, text: "truck", classIndex: 7)]
        let out = annotate(dog, labels: labels)
        XCTAssertEqual(out.width, dog.width)
        let dogColour = RGBColor.forClass(16)
        // Top edge, left edge and bottom edge of the first box are in its class colour.
        for (x, y) in [(200, 220), (130, 400), (250, 540)] {
            XCTAssertEqual(out.pixel(x, y, 0), dogColour.red)
            XCTAssertEqual(out.pixel(x, y, 1), dogColour.green)
            XCTAssertEqual(out.pixel(x, y, 2), dogColour.blue)
        }
        XCTAssertEqual(out.pixel(220, 380, 0), dog.pixel(220, 380, 0))  // interior untouched
        // Label above the box: rows just above y = 220 hold background and glyph (text) pixels.
        var background = 0, text = 0
        for y in 200..<220 {
            for x in 132..<200 {
                let r = out.pixel(x, y, 0), g = out.pixel(x, y, 1)
                if r == dogColour.red && g == dogColour.green { background += 1 }
                else if r == 0 && g == 0 || r == 1 && g == 1 { text += 1 }
            }
        }
        XCTAssertGreaterThan(background, 100)
        XCTAssertGreaterThan(text, 30)
        // And it survives a PNG round trip (within one byte).
        let dir = try Fixtures.temporaryDirectory("annotate")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("dog.png").path
        try ImageIO.writePNG(out, to: path)
        let back = try ImageIO.load(path: path)
        XCTAssertEqual(zip(back.data, out.data).map { abs($0 - $1) }.max() ?? 1, 0, accuracy: 0.5 / 255 + 1e-6)
    }
}
