/// One box to draw: corners in pixels of the image, a caption, and the class (for the colour).
public struct BoxLabel: Equatable, Sendable {
    public var left: Float, top: Float, right: Float, bottom: Float
    public var text: String
    public var classIndex: Int

    public init(left: Float, top: Float, right: Float, bottom: Float, text: String, classIndex: Int) {
        self.left = left; self.top = top; self.right = right; self.bottom = bottom
        self.text = text; self.classIndex = classIndex
    }
}

/// `image` with each label drawn: a rectangle in the class colour and its caption on a filled
/// background of the same colour, above the box (inside it when there is no room above).
public func annotate(_ image: Image, labels: [BoxLabel]) -> Image {
    var out = image
    let shortSide = min(image.width, image.height)
    let thickness = max(2, shortSide / 200)
    let textScale = max(1, Int((Float(shortSide) / 300).rounded()))
    let padding = textScale
    for label in labels {
        guard label.left.isFinite, label.top.isFinite, label.right.isFinite, label.bottom.isFinite else { continue }
        let color = RGBColor.forClass(label.classIndex)
        let left = clampToInt(label.left), top = clampToInt(label.top)
        let right = clampToInt(label.right), bottom = clampToInt(label.bottom)
        out.drawRect(left: left, top: top, right: right, bottom: bottom, thickness: thickness, color: color)
        guard !label.text.isEmpty else { continue }
        let size = Image.textSize(label.text, scale: textScale)
        let boxHeight = size.height + 2 * padding
        let labelTop = top - boxHeight >= 0 ? top - boxHeight : max(top, 0)
        let labelLeft = max(left, 0)
        out.fillRect(left: labelLeft, top: labelTop, right: labelLeft + size.width + 2 * padding - 1,
                     bottom: labelTop + boxHeight - 1, color: color)
        out.drawText(label.text, x: labelLeft + padding, y: labelTop + padding, scale: textScale,
                     color: color.luma > 0.5 ? .black : .white)
    }
    return out
}

/// Rounds a pixel coordinate, keeping absurd values from overflowing Int.
private func clampToInt(_ v: Float) -> Int { Int(min(max(v, -1_000_000), 1_000_000).rounded()) }
