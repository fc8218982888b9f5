import CKernels
import SpyglassIR

/// pool (ONNX MaxPool / AveragePool, any spatial rank): at plan time, each output cell's window is
/// resolved to the input cells it covers (and, for average, its divisor), so a run only reduces lists.
enum PoolKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .pool(let a) = ctx.node.op else { throw ctx.wrongOp }
        let xs = ctx.inputShapes[0]
        if let fast = planarFloatMax(a, xs, ctx) { return fast }
        let windows = PoolWindows(a, input: Array(xs[2...]))
        let planes = xs[0] * xs[1], grain = max(1, 16384 / max(windows.cells.count, 1))
        switch (a.mode, ctx.inputTypes.first ?? .float32) {
        case (.average, _):
            return ClosureKernel { io in
                io.parallel.forEach(planes, grain: grain, (io.inputs[0], io.outputs[0], windows)) { state, range in
                    let (x, y, windows) = state
                    for plane in range { windows.average(x + plane * windows.inCount, y + plane * windows.outCount) }
                }
            }
        case (.max, .uint8): return maxKernel(UInt8.self, windows, planes: planes, grain: grain, a)
        case (.max, .int32): return maxKernel(Int32.self, windows, planes: planes, grain: grain, a)
        case (.max, .int64): return maxKernel(Int64.self, windows, planes: planes, grain: grain, a)
        case (.max, _): return maxKernel(Float.self, windows, planes: planes, grain: grain, a)
        }
    }

    /// 2-D float max pooling without dilation or indices, where every window covers at least one
    /// input cell: the same as `sg_maxpool` (cells outside never win), which reduces rows then columns.
    /// (Only a window whose cells are all -inf differs: it gives -FLT_MAX there.)
    private static func planarFloatMax(_ a: PoolAttributes, _ xs: [Int], _ ctx: KernelContext) -> Kernel? {
        guard a.mode == .max, a.spatialRank == 2, xs.count == 4, !a.producesIndices, a.dilations.allSatisfy({ $0 == 1 }),
              (ctx.inputTypes.first ?? .float32) == .float32 else { return nil }
        let out = a.outputSpatial([xs[2], xs[3]])
        for d in 0..<2 {
            let input = xs[2 + d], lastStart = (out[d] - 1) * a.strides[d] - a.padsBegin[d]
            guard out[d] > 0, a.kernel[d] > a.padsBegin[d], lastStart < input else { return nil }
        }
        let planes = xs[0] * xs[1], h = xs[2], w = xs[3], outH = out[0], outW = out[1]
        let grain = max(1, 8192 / max(outH * outW * a.kernel[0] * a.kernel[1], 1))
        return ClosureKernel { io in
            io.parallel.forEach(planes, grain: grain, (io.inputs[0], io.outputs[0], h, w, outH, outW, a)) { state, r in
                let (x, y, h, w, outH, outW, a) = state
                sg_maxpool(x, y, r.lowerBound, r.upperBound, Int32(h), Int32(w), Int32(outH), Int32(outW),
                           Int32(a.kernel[0]), Int32(a.kernel[1]), Int32(a.strides[0]), Int32(a.strides[1]),
                           Int32(a.padsBegin[0]), Int32(a.padsBegin[1]))
            }
        }
    }

    private static func maxKernel<T: Comparable & AdditiveArithmetic>(_: T.Type, _ w: PoolWindows, planes: Int, grain: Int, _ a: PoolAttributes) -> Kernel {
        ClosureKernel { io in
            let x = io.input(0, as: T.self), y = io.output(0, as: T.self)
            let indices = a.producesIndices ? io.output(1, as: Int64.self) : nil
            io.parallel.forEach(planes, grain: grain, (x, y, indices, w)) { state, range in
                let (x, y, indices, w) = state
                for plane in range {
                    w.maximum(x + plane * w.inCount, y + plane * w.outCount, indices.map { $0 + plane * w.outCount },
                              indexBase: plane * w.inCount)
                }
            }
        }
    }
}

/// The input cells of every output cell's window, in the flattened spatial dims.
struct PoolWindows {
    let inCount: Int, outCount: Int
    /// Cells of output cell `o`: `cells[starts[o]..<starts[o + 1]]`.
    let starts: [Int]
    let cells: [Int32]
    /// Each input cell's index as ONNX reports it (column-major when asked).
    let reportedIndex: [Int64]
    let divisors: [Float]

    init(_ a: PoolAttributes, input: [Int]) {
        let rank = input.count, output = a.outputSpatial(input)
        inCount = input.reduce(1, *); outCount = output.reduce(1, *)
        let taps = a.kernel.reduce(1, *)
        var starts = [0], cells: [Int32] = [], divisors: [Float] = []
        starts.reserveCapacity(outCount + 1); divisors.reserveCapacity(outCount)
        var cell = [Int](repeating: 0, count: rank), tapCoord = cell
        for o in 0..<outCount {
            var r = o
            for d in stride(from: rank - 1, through: 0, by: -1) { cell[d] = r % output[d]; r /= output[d] }
            var padded = 1
            for d in 0..<rank {
                // Window positions inside the declared padding (not the ceil overhang) count for countIncludePad.
                let start = cell[d] * a.strides[d] - a.padsBegin[d]
                padded *= (0..<a.kernel[d]).filter { k in
                    let i = start + k * a.dilations[d]
                    return i >= -a.padsBegin[d] && i < input[d] + a.padsEnd[d]
                }.count
            }
            for tap in 0..<taps {
                var t = tap, offset = 0, inside = true
                for d in stride(from: rank - 1, through: 0, by: -1) { tapCoord[d] = t % a.kernel[d]; t /= a.kernel[d] }
                for d in 0..<rank {
                    let i = cell[d] * a.strides[d] - a.padsBegin[d] + tapCoord[d] * a.dilations[d]
                    if i < 0 || i >= input[d] { inside = false; break }
                    offset = offset * input[d] + i
                }
                if inside { cells.append(Int32(offset)) }
            }
            let count = cells.count - starts[o]
            starts.append(cells.count)
            divisors.append(Float(a.countIncludePad ? padded : count))
        }
        var reported = [Int64](repeating: 0, count: inCount)
        for p in 0..<inCount {
            guard a.columnMajorIndices else { reported[p] = Int64(p); continue }
            var r = p, index = 0, scale = 1
            for d in stride(from: rank - 1, through: 0, by: -1) { cell[d] = r % input[d]; r /= input[d] }
            for d in 0..<rank { index += cell[d] * scale; scale *= input[d] }
            reported[p] = Int64(index)
        }
        self.starts = starts; self.cells = cells; self.divisors = divisors; self.reportedIndex = reported
    }

    func average(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        for o in 0..<outCount {
            var sum: Float = 0
            for c in starts[o]..<starts[o + 1] { sum += x[Int(cells[c])] }
            y[o] = divisors[o] > 0 ? sum / divisors[o] : 0
        }
    }

    /// The first largest cell of each window; an empty window gives 0 and index -1 (as ONNX's reference).
    func maximum<T: Comparable & AdditiveArithmetic>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ indices: UnsafeMutablePointer<Int64>?,
                                indexBase: Int) {
        for o in 0..<outCount {
            let lo = starts[o], hi = starts[o + 1]
            guard lo < hi else {
                y[o] = .zero
                indices?[o] = -1
                continue
            }
            var best = Int(cells[lo])
            for c in (lo + 1)..<hi where x[Int(cells[c])] > x[best] { best = Int(cells[c]) }
            y[o] = x[best]
            indices?[o] = Int64(indexBase) + reportedIndex[best]
        }
    }
}
