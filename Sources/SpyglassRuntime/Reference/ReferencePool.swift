import SpyglassIR

/// pool from ONNX's definition: each output cell's window starts at `o·stride − padsBegin` and takes
/// every `dilation`-th cell; cells outside the input are skipped. Max keeps the first largest value and
/// its flat index; average divides by the cells inside the input, or with `countIncludePad` by the
/// window positions inside the padded input.
enum ReferencePool {
    static func make(_ ctx: KernelContext) throws -> Kernel {
        guard case .pool(let a) = ctx.node.op else { throw ctx.wrongOp }
        let xs = ctx.inputShapes[0]
        let shape = ReferencePoolShape(a, input: Array(xs[2...]), planes: xs[0] * xs[1])
        switch (a.mode, ctx.inputTypes.first ?? .float32) {
        case (.average, _): return ReferencePoolKernel { io in shape.average(io) }
        case (.max, .uint8): return ReferencePoolKernel { io in shape.maximum(UInt8.self, io) }
        case (.max, .int32): return ReferencePoolKernel { io in shape.maximum(Int32.self, io) }
        case (.max, .int64): return ReferencePoolKernel { io in shape.maximum(Int64.self, io) }
        case (.max, _): return ReferencePoolKernel { io in shape.maximum(Float.self, io) }
        }
    }
}

/// A reference kernel writing several outputs (values and indices).
final class ReferencePoolKernel: Kernel {
    private let body: (KernelIO) -> Void
    init(_ body: @escaping (KernelIO) -> Void) { self.body = body }
    func run(_ io: KernelIO) { body(io) }
}

struct ReferencePoolShape {
    let a: PoolAttributes
    let input: [Int], output: [Int]
    let planes: Int

    init(_ a: PoolAttributes, input: [Int], planes: Int) {
        self.a = a; self.input = input; self.output = a.outputSpatial(input); self.planes = planes
    }

    /// Calls `visit(flatIndex, inside, insidePadded)` for every window position of output cell `o`.
    private func window(_ o: Int, _ tapIndex: inout [Int], _ cell: inout [Int], _ visit: (Int, Bool, Bool) -> Void) {
        let rank = input.count, taps = a.kernel.reduce(1, *)
        for tap in 0..<taps {
            var t = tap, r = o, offset = 0, inside = true, insidePadded = true
            for d in stride(from: rank - 1, through: 0, by: -1) {
                tapIndex[d] = t % a.kernel[d]; t /= a.kernel[d]
                cell[d] = r % output[d]; r /= output[d]
            }
            for d in 0..<rank {
                let i = cell[d] * a.strides[d] - a.padsBegin[d] + tapIndex[d] * a.dilations[d]
                if i < 0 || i >= input[d] { inside = false }
                if i < -a.padsBegin[d] || i >= input[d] + a.padsEnd[d] { insidePadded = false }
                offset = offset * input[d] + i
            }
            visit(offset, inside, insidePadded)
        }
    }

    func average(_ io: KernelIO) {
        let inCount = input.reduce(1, *), outCount = output.reduce(1, *)
        var tapIndex = [Int](repeating: 0, count: input.count), cell = tapIndex
        for plane in 0..<planes {
            for o in 0..<outCount {
                var sum: Float = 0, inside = 0, padded = 0
                window(o, &tapIndex, &cell) { offset, isInside, isPadded in
                    if isPadded { padded += 1 }
                    guard isInside else { return }
                    sum += io.inputs[0][plane * inCount + offset]
                    inside += 1
                }
                let divisor = a.countIncludePad ? padded : inside
                io.outputs[0][plane * outCount + o] = divisor > 0 ? sum / Float(divisor) : 0
            }
        }
    }

    func maximum<T: Comparable & AdditiveArithmetic>(_: T.Type, _ io: KernelIO) {
        let inCount = input.reduce(1, *), outCount = output.reduce(1, *)
        var tapIndex = [Int](repeating: 0, count: input.count), cell = tapIndex
        let x = io.input(0, as: T.self), y = io.output(0, as: T.self)
        for plane in 0..<planes {
            for o in 0..<outCount {
                var best: Int? = nil
                window(o, &tapIndex, &cell) { offset, isInside, _ in
                    guard isInside else { return }
                    if let b = best, x[plane * inCount + offset] <= x[plane * inCount + b] { return }
                    best = offset
                }
                y[plane * outCount + o] = best.map { x[plane * inCount + $0] } ?? .zero
                guard a.producesIndices else { continue }
                io.output(1, as: Int64.self)[plane * outCount + o] = best.map { Int64(plane * inCount + reported($0)) } ?? -1
            }
        }
    }

    /// ONNX's index of a spatial cell: row-major, or column-major for `storage_order = 1`.
    private func reported(_ offset: Int) -> Int {
        guard a.columnMajorIndices else { return offset }
        var r = offset, index = 0, scale = 1
        var cell = [Int](repeating: 0, count: input.count)
        for d in stride(from: input.count - 1, through: 0, by: -1) { cell[d] = r % input[d]; r /= input[d] }
        for d in 0..<input.count { index += cell[d] * scale; scale *= input[d] }
        return index
    }
}
