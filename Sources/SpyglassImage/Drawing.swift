/// An RGB colour with components in [0, 1].
public struct RGBColor: Equatable, Sendable {
    public var red: Float, green: Float, blue: Float
    public init(red: Float, green: Float, blue: Float) { self.red = red; self.green = green; self.blue = blue }

    public static let black = RGBColor(red: 0, green: 0, blue: 0)
    public static let white = RGBColor(red: 1, green: 1, blue: 1)

    /// Perceived brightness (Rec. 601 weights), to pick readable text on a background.
    public var luma: Float { 0.299 * red + 0.587 * green + 0.114 * blue }

    /// A distinct, saturated colour per class: hues spaced by the golden ratio.
    public static func forClass(_ index: Int) -> RGBColor {
        let hue = (Double(abs(index)) * 0.618_033_988_75).truncatingRemainder(dividingBy: 1)
        return fromHSV(hue: Float(hue), saturation: 0.85, value: 0.95)
    }

    static func fromHSV(hue: Float, saturation s: Float, value v: Float) -> RGBColor {
        let h = hue * 6
        let sector = Int(h) % 6
        let f = h - Float(Int(h))
        let p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f))
        switch sector {
        case 0: return RGBColor(red: v, green: t, blue: p)
        case 1: return RGBColor(red: q, green: v, blue: p)
        case 2: return RGBColor(red: p, green: v, blue: t)
        case 3: return RGBColor(red: p, green: q, blue: v)
        case 4: return RGBColor(red: t, green: p, blue: v)
        default: return RGBColor(red: v, green: p, blue: q)
        }
    }
}

extension Image {
    /// Sets one pixel; coordinates outside the image are ignored. Gray images take the luma.
    public mutating func setPixel(x: Int, y: Int, color: RGBColor) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let plane = width * height, i = y * width + x
        if channels >= 3 {
            data[i] = color.red; data[plane + i] = color.green; data[2 * plane + i] = color.blue
        } else if channels == 1 {
            data[i] = color.luma
        }
    }

    /// Fills the pixels with left ≤ x ≤ right and top ≤ y ≤ bottom (clipped to the image).
    public mutating func fillRect(left: Int, top: Int, right: Int, bottom: Int, color: RGBColor) {
        let x0 = max(left, 0), x1 = min(right, width - 1), y0 = max(top, 0), y1 = min(bottom, height - 1)
        guard x0 <= x1, y0 <= y1 else { return }
        for y in y0...y1 { for x in x0...x1 { setPixel(x: x, y: y, color: color) } }
    }

    /// Outlines the rectangle with corners (left, top) and (right, bottom), `thickness` pixels
    /// drawn inwards from those edges (as Darknet's draw_box_width does).
    public mutating func drawRect(left: Int, top: Int, right: Int, bottom: Int, thickness: Int, color: RGBColor) {
        let t = max(thickness, 1)
        fillRect(left: left, top: top, right: right, bottom: top + t - 1, color: color)
        fillRect(left: left, top: bottom - t + 1, right: right, bottom: bottom, color: color)
        fillRect(left: left, top: top, right: left + t - 1, bottom: bottom, color: color)
        fillRect(left: right - t + 1, top: top, right: right, bottom: bottom, color: color)
    }

    /// Draws `text` in the built-in 5×7 font, each font pixel a `scale`×`scale` block, with its
    /// top-left corner at (x, y). Returns nothing; pixels outside the image are skipped.
    public mutating func drawText(_ text: String, x: Int, y: Int, scale: Int = 1, color: RGBColor) {
        let s = max(scale, 1)
        for (n, character) in text.enumerated() {
            let originX = x + n * BitmapFont.advance * s
            for gy in 0..<BitmapFont.glyphHeight {
                for gx in 0..<BitmapFont.glyphWidth where BitmapFont.isSet(character, x: gx, y: gy) {
                    fillRect(left: originX + gx * s, top: y + gy * s,
                             right: originX + gx * s + s - 1, bottom: y + gy * s + s - 1, color: color)
                }
            }
        }
    }

    /// Pixel size of `text` drawn by `drawText` at `scale` (no trailing spacing).
    public static func textSize(_ text: String, scale: Int = 1) -> (width: Int, height: Int) {
        let s = max(scale, 1)
        let count = text.count
        return (count == 0 ? 0 : (count * BitmapFont.advance - 1) * s, BitmapFont.glyphHeight * s)
    }
}
