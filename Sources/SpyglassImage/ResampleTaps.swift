import CImageCodecs

/// One axis of a two-tap resampling as tables: output index o is w0[o]·in[i0[o]] + w1[o]·in[i1[o]].
/// Built with each resize's own float arithmetic, so the C kernel that applies them reproduces the
/// Swift reference (`darknetResize`, `bilinearResize`) bit for bit.
struct ResampleTaps {
    var i0: [Int32] = [], i1: [Int32] = []
    var w0: [Float] = [], w1: [Float] = []
    var count: Int { i0.count }

    /// Darknet's `resize_image` along one axis: corner-aligned scale (in − 1) / (out − 1) in float;
    /// the last output copies the last input (Darknet skips the second tap there).
    static func darknet(output: Int, input: Int) -> ResampleTaps {
        let scale: Float = output > 1 ? Float(input - 1) / Float(output - 1) : 0
        var t = ResampleTaps()
        for o in 0..<output {
            if o == output - 1 || input == 1 {
                t.append(input - 1, input - 1, 1, 0)
            } else {
                let s = Float(o) * scale, i = Int(s), d = s - Float(i)
                t.append(i, min(i + 1, input - 1), 1 - d, d)
            }
        }
        return t
    }

    /// Darknet's row pass differs from its column pass: the last row keeps (1 − dy)·top (its weight
    /// is not 1), without the second tap.
    static func darknetRows(output: Int, input: Int) -> ResampleTaps {
        let scale: Float = output > 1 ? Float(input - 1) / Float(output - 1) : 0
        var t = ResampleTaps()
        for o in 0..<output {
            let s = Float(o) * scale, i = min(Int(s), input - 1), d = s - Float(Int(s))
            if o == output - 1 || input == 1 {
                t.append(i, i, 1 - d, 0)
            } else {
                t.append(i, min(i + 1, input - 1), 1 - d, d)
            }
        }
        return t
    }

    /// OpenCV-style half-pixel bilinear (`bilinearResize`): weights from double positions, edges clamped.
    static func halfPixel(output: Int, input: Int) -> ResampleTaps {
        var t = ResampleTaps()
        for (a, b, weight) in halfPixelPositions(output: output, input: input) { t.append(a, b, 1 - weight, weight) }
        return t
    }

    private mutating func append(_ a: Int, _ b: Int, _ wa: Float, _ wb: Float) {
        i0.append(Int32(a)); i1.append(Int32(b)); w0.append(wa); w1.append(wb)
    }

    /// Calls `body` with the C view of the tables (valid only inside).
    func withC<R>(_ body: (cic_taps) -> R) -> R {
        i0.withUnsafeBufferPointer { a in
            i1.withUnsafeBufferPointer { b in
                w0.withUnsafeBufferPointer { wa in
                    w1.withUnsafeBufferPointer { wb in
                        body(cic_taps(i0: a.baseAddress, i1: b.baseAddress, w0: wa.baseAddress, w1: wb.baseAddress, count: Int32(count)))
                    }
                }
            }
        }
    }
}

/// Resamples a source (`cic_source`) with `cols` × `rows` and embeds the result at `offset` in a
/// planar `width` × `height` float image filled with `fill` elsewhere. `split` may run the row
/// ranges it is given on several threads (each call writes its own rows).
func resampleEmbed(_ source: cic_source, cols: ResampleTaps, rows: ResampleTaps, offsetX: Int, offsetY: Int,
                   width: Int, height: Int, fill: Float, split: RowSplitter? = nil) -> [Float] {
    let channels = Int(source.channels)
    guard width > 0, height > 0, channels > 0 else { return [] }
    // Every value is written by the kernel (image or padding), so the array starts uninitialised.
    return [Float](unsafeUninitializedCapacity: width * height * channels) { buffer, initialised in
        cols.withC { c in
            rows.withC { r in
                let base = buffer.baseAddress
                let run: (Range<Int>) -> Void = { range in
                    var s = source, c = c, r = r
                    let scratch = Int(cic_resample_scratch(&s, &c))
                    withUnsafeTemporaryAllocation(of: Float.self, capacity: max(scratch, 1)) { temp in
                        cic_resample_embed(&s, &c, &r, Int32(offsetX), Int32(offsetY), Int32(width), Int32(height), fill, base,
                                           Int32(range.lowerBound), Int32(range.upperBound), temp.baseAddress)
                    }
                }
                if let split { split(height, run) } else { run(0..<height) }
            }
        }
        initialised = width * height * channels
    }
}

/// Runs `body` over ranges that together cover 0..<count exactly once, possibly in parallel (e.g. a
/// plan's worker threads).
public typealias RowSplitter = (_ count: Int, _ body: (Range<Int>) -> Void) -> Void
