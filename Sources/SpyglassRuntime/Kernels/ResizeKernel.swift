import CKernels
import SpyglassIR

/// One axis's taps as plan-time tables: output index o reads `indices[o·taps ..< (o+1)·taps]`
/// with `weights`, plus `fill[o]` (the extrapolation value where the output lies outside the
/// input, else 0; its weights are then 0).
final class ResizeAxisTable {
    let inSize: Int, outSize: Int, taps: Int
    let indices: UnsafeMutablePointer<Int>
    let weights: UnsafeMutablePointer<Float>
    let fill: UnsafeMutablePointer<Float>
    /// Nearest with every weight 1 and nothing to fill: output o is input `indices[o]`.
    let isGather: Bool

    init(_ axis: ResizeAxis) {
        let all = (0..<axis.outSize).map(axis.taps)
        let nearest = axis.attributes.mode == .nearest
        inSize = axis.inSize; outSize = axis.outSize
        taps = nearest ? 1 : all.map(\.weights.count).max() ?? 1
        indices = .allocate(capacity: outSize * taps); weights = .allocate(capacity: outSize * taps)
        fill = .allocate(capacity: outSize)
        var gather = true
        for (o, t) in all.enumerated() {
            // Nearest's weights are one 1 and zeros (or all 0 when exclude_outside dropped the pick).
            let picked = nearest ? [t.weights.firstIndex { $0 != 0 } ?? 0] : Array(t.weights.indices)
            for j in 0..<taps {
                let k = j < picked.count ? picked[j] : nil
                indices[o * taps + j] = k.map { t.indices[$0] } ?? t.indices[0]
                weights[o * taps + j] = t.extrapolated ? 0 : k.map { Float(t.weights[$0]) } ?? 0
            }
            fill[o] = t.extrapolated ? axis.attributes.extrapolationValue : 0
            gather = gather && !t.extrapolated && weights[o * taps] == 1
        }
        isGather = nearest && gather
    }

    deinit {
        indices.deallocate(); weights.deallocate(); fill.deallocate()
    }

    /// `dst[o·stride]` for every output index o, from `src` read at `stride` (one line along the axis).
    @inline(__always) func resampleLine(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, stride: Int = 1) {
        if isGather {
            for o in 0..<outSize { dst[o * stride] = src[indices[o] * stride] }
            return
        }
        for o in 0..<outSize {
            var sum = fill[o]
            for j in (o * taps)..<((o + 1) * taps) { sum += weights[j] * src[indices[j] * stride] }
            dst[o * stride] = sum
        }
    }

    /// `dst` (`width` floats) = fill + Σ weight · the source rows output index `o` reads (rows `width` apart).
    @inline(__always) func blendRows(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, output o: Int, width: Int) {
        let base = o * taps
        let first = src + indices[base] * width, w0 = weights[base], f = fill[o]
        if isGather {
            dst.update(from: first, count: width)
            return
        }
        for k in 0..<width { dst[k] = f + w0 * first[k] }
        for j in (base + 1)..<(base + taps) {
            let row = src + indices[j] * width, w = weights[j]
            if w == 0 { continue }
            for k in 0..<width { dst[k] += w * row[k] }
        }
    }
}

/// One axis's resampling of a tensor viewed as [outer, axis, inner].
struct ResizePass {
    let table: ResizeAxisTable, outer: Int, inner: Int

    /// The passes over the listed axes in order, and the largest intermediate tensor (elements).
    static func plan(_ a: ResizeAttributes, _ inputShape: [Int]) -> (passes: [ResizePass], largest: Int) {
        var shape = inputShape, passes: [ResizePass] = [], largest = 0
        for (i, axis) in a.axes.enumerated() {
            let table = ResizeAxisTable(ResizeAxis(a, i, inputShape: shape))
            passes.append(ResizePass(table: table, outer: shape[..<axis].reduce(1, *), inner: shape[(axis + 1)...].reduce(1, *)))
            shape[axis] = table.outSize
            if i < a.axes.count - 1 { largest = max(largest, shape.reduce(1, *)) }
        }
        return (passes, largest)
    }
}

/// resize with per-axis index/weight tables built at plan time. When the last two axes are the
/// resampled ones (H and W of NCHW), each plane is resampled along W into a scratch, then along H,
/// planes in parallel; otherwise one axis at a time through the workspace.
enum ResizeKernel {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .resize(let a) = ctx.node.op else { throw ctx.wrongOp }
        let inputShape = ctx.inputShapes[0], rank = inputShape.count
        if let problem = a.problem(rank: rank) { throw ctx.unsupported(problem) }
        if let dtype = ctx.inputTypes.first, dtype != .float32 {
            guard a.mode == .nearest else { throw ctx.unsupported("\(a.mode.rawValue) resize of \(dtype.rawValue) is not supported (nearest is)") }
            // ONNX casts the extrapolation value to the element type.
            let fill = a.extrapolationValue.isFinite ? Int64(a.extrapolationValue.rounded(.towardZero)) : 0
            return withElementType(size: dtype.byteSize) { T in gather(T, a, inputShape, fill: fill) }
        }
        if rank >= 2, Set(a.axes) == [rank - 2, rank - 1] { return planar(a, inputShape, ctx) }
        return separable(a, inputShape, ctx)
    }

    /// Resamples the last two axes of every plane: W into a per-thread scratch (H × outW), then H.
    static func planar(_ a: ResizeAttributes, _ inputShape: [Int], _ ctx: KernelContext) -> Kernel {
        let rank = inputShape.count, h = inputShape[rank - 2], w = inputShape[rank - 1]
        let rows = ResizeAxisTable(ResizeAxis(a, a.axes.firstIndex(of: rank - 2) ?? 0, inputShape: inputShape))
        let cols = ResizeAxisTable(ResizeAxis(a, a.axes.firstIndex(of: rank - 1) ?? 0, inputShape: inputShape))
        let oh = rows.outSize, ow = cols.outSize
        let planes = inputShape[..<(rank - 2)].reduce(1, *)
        let scratch = h * ow, threads = max(1, ctx.threads)
        let grain = max(1, 16384 / max(oh * ow * rows.taps * cols.taps, 1))
        if let factor = integerUpsampleFactor(rows, cols) {
            return ClosureKernel { io in
                io.parallel.forEach(planes, grain: grain, (io.inputs[0], io.outputs[0], h, w, factor)) { state, r in
                    let (x, y, h, w, factor) = state
                    sg_upsample(x, y, r.lowerBound, r.upperBound, Int32(h), Int32(w), Int32(factor), 1)
                }
            }
        }
        return ClosureKernel(workspace: rows.isGather && cols.isGather ? 0 : threads * scratch) { io in
            let state = (io.inputs[0], io.outputs[0], io.workspace, rows, cols, h, w, scratch)
            io.parallel.forEachChunk(planes, grain: grain, state) { state, chunk, range in
                let (input, output, workspace, rows, cols, h, w, scratch) = state
                let oh = rows.outSize, ow = cols.outSize
                let temp = workspace + chunk * scratch
                for p in range {
                    let src = input + p * h * w, dst = output + p * oh * ow
                    if rows.isGather && cols.isGather {
                        for y in 0..<oh {
                            let out = dst + y * ow
                            if y > 0, rows.indices[y] == rows.indices[y - 1] {
                                out.update(from: out - ow, count: ow)
                            } else {
                                cols.resampleLine(src + rows.indices[y] * w, out)
                            }
                        }
                        continue
                    }
                    for y in 0..<h { cols.resampleLine(src + y * w, temp + y * ow) }
                    for y in 0..<oh { rows.blendRows(temp, dst + y * ow, output: y, width: ow) }
                }
            }
        }
    }

    /// The factor when both axes are a nearest pick of input `o / factor` for the same integer factor
    /// (the usual ×2 upsample), which `sg_upsample` does row by row.
    static func integerUpsampleFactor(_ rows: ResizeAxisTable, _ cols: ResizeAxisTable) -> Int? {
        guard rows.isGather, cols.isGather, rows.inSize > 0, cols.inSize > 0,
              rows.outSize % rows.inSize == 0, rows.outSize / rows.inSize == cols.outSize / cols.inSize,
              cols.outSize % cols.inSize == 0 else { return nil }
        let factor = rows.outSize / rows.inSize
        guard factor >= 1, (0..<rows.outSize).allSatisfy({ rows.indices[$0] == $0 / factor }),
              (0..<cols.outSize).allSatisfy({ cols.indices[$0] == $0 / factor }) else { return nil }
        return factor
    }

    /// One pass per listed axis, through two halves of the workspace, the last pass into the output.
    static func separable(_ a: ResizeAttributes, _ inputShape: [Int], _ ctx: KernelContext) -> Kernel {
        let (passes, largest) = ResizePass.plan(a, inputShape)
        return ClosureKernel(workspace: 2 * largest) { io in
            if passes.isEmpty { io.outputs[0].update(from: io.inputs[0], count: inputShape.reduce(1, *)); return }
            var src = io.inputs[0]
            for (i, pass) in passes.enumerated() {
                let dst = i == passes.count - 1 ? io.outputs[0] : io.workspace + (i % 2) * largest
                let t = pass.table, inner = pass.inner, from = src
                if inner == 1 {
                    io.parallel.forEach(pass.outer, grain: max(1, 4096 / max(t.outSize * t.taps, 1)), (t, from, dst)) { state, r in
                        let (t, from, dst) = state
                        for b in r { t.resampleLine(from + b * t.inSize, dst + b * t.outSize) }
                    }
                } else {
                    io.parallel.forEach(pass.outer * t.outSize, grain: max(1, 4096 / max(inner * t.taps, 1)), (t, from, dst, inner)) { state, r in
                        let (t, from, dst, inner) = state
                        for unit in r {
                            let b = unit / t.outSize, o = unit % t.outSize
                            t.blendRows(from + b * t.inSize * inner, dst + (b * t.outSize + o) * inner, output: o, width: inner)
                        }
                    }
                }
                src = UnsafePointer(dst)
            }
        }
    }

    /// Nearest on integer and bool tensors: one axis at a time, whole inner blocks copied from the
    /// picked index (or filled where the table's weight is 0: outside a crop, or dropped by exclude_outside).
    static func gather<T: FixedWidthInteger>(_: T.Type, _ a: ResizeAttributes, _ inputShape: [Int], fill: Int64) -> Kernel {
        let (passes, largest) = ResizePass.plan(a, inputShape)
        let value = T(truncatingIfNeeded: fill)
        let words = (2 * largest * MemoryLayout<T>.size + 3) / 4
        return ClosureKernel(workspace: words) { io in
            let scratch = UnsafeMutableRawPointer(io.workspace).assumingMemoryBound(to: T.self)
            var src = io.input(0, as: T.self)
            for (i, pass) in passes.enumerated() {
                let dst = i == passes.count - 1 ? io.output(0, as: T.self) : scratch + (i % 2) * largest
                let t = pass.table, inner = pass.inner
                for b in 0..<pass.outer {
                    for o in 0..<t.outSize {
                        let to = dst + (b * t.outSize + o) * inner
                        if t.weights[o] == 0 {
                            to.update(repeating: value, count: inner)
                        } else {
                            to.update(from: src + (b * t.inSize + t.indices[o]) * inner, count: inner)
                        }
                    }
                }
                src = UnsafePointer(dst)
            }
        }
    }
}
