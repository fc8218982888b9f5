/// Bilinear resize with half-pixel centres and edge clamping, the sampling of OpenCV's
/// `cv2.resize(..., INTER_LINEAR)` (which Ultralytics uses), computed in float rather than
/// OpenCV's 8-bit fixed point.
public func bilinearResize(_ image: Image, width: Int, height: Int) -> Image {
    let inW = image.width, inH = image.height, channels = image.channels
    guard width > 0, height > 0, inW > 0, inH > 0 else { return Image(width: max(width, 0), height: max(height, 0), channels: channels) }
    let xs = halfPixelPositions(output: width, input: inW)
    let ys = halfPixelPositions(output: height, input: inH)
    var out = [Float](repeating: 0, count: width * height * channels)
    image.data.withUnsafeBufferPointer { src in
        out.withUnsafeMutableBufferPointer { dst in
            for k in 0..<channels {
                let plane = k * inW * inH
                for y in 0..<height {
                    let (y0, y1, fy) = ys[y]
                    for x in 0..<width {
                        let (x0, x1, fx) = xs[x]
                        let top = (1 - fx) * src[plane + y0 * inW + x0] + fx * src[plane + y0 * inW + x1]
                        let bottom = (1 - fx) * src[plane + y1 * inW + x0] + fx * src[plane + y1 * inW + x1]
                        dst[k * width * height + y * width + x] = (1 - fy) * top + fy * bottom
                    }
                }
            }
        }
    }
    return Image(width: width, height: height, channels: channels, data: out)
}

/// For each output index: the two input indices to blend and the weight of the second.
func halfPixelPositions(output: Int, input: Int) -> [(Int, Int, Float)] {
    let scale = Double(input) / Double(output)
    return (0..<output).map { i in
        let f = (Double(i) + 0.5) * scale - 0.5
        var i0 = Int(f.rounded(.down))
        var weight = Float(f - Double(i0))
        if i0 < 0 { i0 = 0; weight = 0 }
        if i0 >= input - 1 { i0 = input - 1; weight = 0 }
        return (i0, min(i0 + 1, input - 1), weight)
    }
}
