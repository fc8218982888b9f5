import Foundation
import SpyglassImage

/// One precision/recall curve to draw.
public struct PRCurve: Sendable {
    public var name: String
    public var recall: [Double]
    public var precision: [Double]
    public init(name: String, recall: [Double], precision: [Double]) { self.name = name; self.recall = recall; self.precision = precision }
}

/// Draws precision/recall curves on a white canvas with the image module's primitives: axes with
/// ticks every 0.2, one coloured polyline per class, the mean thick and black, and a legend in the
/// built-in bitmap font.
public enum PRCurvePlot {
    public static func render(classes: [PRCurve], mean: PRCurve?, title: String, width: Int = 900, height: Int = 600) -> Image {
        var image = Image(width: width, height: height, fill: 1)
        let left = 60, top = 40, right = width - 220, bottom = height - 50
        let plotW = right - left, plotH = bottom - top
        func px(_ r: Double) -> Int { left + Int((min(max(r, 0), 1) * Double(plotW)).rounded()) }
        func py(_ p: Double) -> Int { bottom - Int((min(max(p, 0), 1) * Double(plotH)).rounded()) }

        let grid = RGBColor(red: 0.88, green: 0.88, blue: 0.88)
        for step in 0...5 {
            let v = Double(step) / 5
            image.fillRect(left: px(v), top: top, right: px(v), bottom: bottom, color: grid)
            image.fillRect(left: left, top: py(v), right: right, bottom: py(v), color: grid)
            let label = step == 5 ? "1.0" : String(format: "%.1f", v)
            image.drawText(label, x: px(v) - Image.textSize(label).width / 2, y: bottom + 8, color: .black)
            image.drawText(label, x: left - Image.textSize(label).width - 8, y: py(v) - 3, color: .black)
        }
        image.fillRect(left: left, top: top, right: left + 1, bottom: bottom, color: .black)
        image.fillRect(left: left, top: bottom - 1, right: right, bottom: bottom, color: .black)
        image.drawText("recall", x: left + plotW / 2 - Image.textSize("recall", scale: 2).width / 2, y: bottom + 24, scale: 2, color: .black)
        image.drawText("precision", x: 4, y: top - 12, scale: 1, color: .black)
        image.drawText(title, x: left, y: 6, scale: 2, color: .black)

        for (index, curve) in classes.enumerated() {
            drawPolyline(&image, curve, color: RGBColor.forClass(index), thickness: 2, px: px, py: py)
        }
        if let mean { drawPolyline(&image, mean, color: .black, thickness: 3, px: px, py: py) }

        // Legend: the mean first, then the classes until the canvas is full.
        var entries: [(String, RGBColor)] = mean.map { [($0.name, .black)] } ?? []
        entries += classes.enumerated().map { ($0.element.name, RGBColor.forClass($0.offset)) }
        let rowHeight = 14, maxRows = (height - top - 20) / rowHeight
        for (row, (name, color)) in entries.prefix(maxRows).enumerated() {
            let y = top + row * rowHeight
            let last = row == maxRows - 1 && entries.count > maxRows
            if last {
                image.drawText("+\(entries.count - row) more", x: right + 20, y: y, color: .black)
                break
            }
            image.fillRect(left: right + 20, top: y, right: right + 34, bottom: y + 7, color: color)
            image.drawText(String(name.prefix(28)), x: right + 40, y: y, color: .black)
        }
        return image
    }

    static func drawPolyline(_ image: inout Image, _ curve: PRCurve, color: RGBColor, thickness: Int,
                             px: (Double) -> Int, py: (Double) -> Int) {
        let points = zip(curve.recall, curve.precision).map { (px($0), py($1)) }
        guard var previous = points.first else { return }
        for point in points.dropFirst() {
            drawLine(&image, from: previous, to: point, color: color, thickness: thickness)
            previous = point
        }
        if points.count == 1 { drawLine(&image, from: previous, to: previous, color: color, thickness: thickness) }
    }

    /// Bresenham's line, each point a thickness × thickness square.
    static func drawLine(_ image: inout Image, from a: (Int, Int), to b: (Int, Int), color: RGBColor, thickness: Int) {
        var (x, y) = a
        let dx = abs(b.0 - x), dy = -abs(b.1 - y), sx = x < b.0 ? 1 : -1, sy = y < b.1 ? 1 : -1
        var err = dx + dy
        let half = (thickness - 1) / 2
        while true {
            image.fillRect(left: x - half, top: y - half, right: x - half + thickness - 1, bottom: y - half + thickness - 1, color: color)
            if x == b.0 && y == b.1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }
}
