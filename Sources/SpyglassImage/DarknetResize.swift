/// Darknet's `resize_image`: bilinear, in two passes (columns, then rows), sampling with the
/// corner-aligned scale (in - 1) / (out - 1) in float arithmetic, exactly as Darknet computes it.
public func darknetResize(_ image: Image, width: Int, height: Int) -> Image {
    let inW = image.width, inH = image.height, channels = image.channels
    guard width > 0, height > 0, inW > 0, inH > 0 else { return Image(width: max(width, 0), height: max(height, 0), channels: channels) }
    // Darknet divides by zero for a 1-pixel target (its loops then never use the scale); use 0 instead.
    let wScale: Float = width > 1 ? Float(inW - 1) / Float(width - 1) : 0
    let hScale: Float = height > 1 ? Float(inH - 1) / Float(height - 1) : 0
    var part = [Float](repeating: 0, count: width * inH * channels)
    var resized = [Float](repeating: 0, count: width * height * channels)
    image.data.withUnsafeBufferPointer { src in
        part.withUnsafeMutableBufferPointer { part in
            for k in 0..<channels {
                for r in 0..<inH {
                    let srcRow = k * inW * inH + r * inW
                    let dstRow = k * width * inH + r * width
                    for c in 0..<width {
                        if c == width - 1 || inW == 1 {
                            part[dstRow + c] = src[srcRow + inW - 1]
                        } else {
                            let sx = Float(c) * wScale
                            let ix = Int(sx)
                            let dx = sx - Float(ix)
                            part[dstRow + c] = (1 - dx) * src[srcRow + ix] + dx * src[srcRow + ix + 1]
                        }
                    }
                }
            }
        }
    }
    part.withUnsafeBufferPointer { part in
        resized.withUnsafeMutableBufferPointer { out in
            for k in 0..<channels {
                for r in 0..<height {
                    let sy = Float(r) * hScale
                    let iy = Int(sy)
                    let dy = sy - Float(iy)
                    let top = k * width * inH + iy * width
                    let dst = k * width * height + r * width
                    // Darknet stores (1-dy)*top first, then adds dy*bottom (skipped on the last row).
                    for c in 0..<width { out[dst + c] = (1 - dy) * part[top + c] }
                    if r == height - 1 || inH == 1 { continue }
                    for c in 0..<width { out[dst + c] += dy * part[top + width + c] }
                }
            }
        }
    }
    return Image(width: width, height: height, channels: channels, data: resized)
}

/// Copies `source` into `destination` with its top-left corner at (dx, dy), clipping what falls outside
/// (Darknet's `embed_image`, whose `set_pixel` also ignores out-of-range pixels).
public func embed(_ source: Image, into destination: inout Image, x dx: Int, y dy: Int) {
    let channels = min(source.channels, destination.channels)
    let dw = destination.width, dh = destination.height, sw = source.width, sh = source.height
    source.data.withUnsafeBufferPointer { src in
        destination.data.withUnsafeMutableBufferPointer { dst in
            for k in 0..<channels {
                for y in 0..<sh where dy + y >= 0 && dy + y < dh {
                    for x in 0..<sw where dx + x >= 0 && dx + x < dw {
                        dst[k * dw * dh + (dy + y) * dw + dx + x] = src[k * sw * sh + y * sw + x]
                    }
                }
            }
        }
    }
}
