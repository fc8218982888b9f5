import SpyglassIR

/// The element types the computing selection kernels (reduce, argMax, topK, compare) are written
/// over once, generically: float32, int64, int32, and uint8 (which also holds bool).
protocol NumericElement: Comparable {
    /// Identity of max (−∞ or the type's minimum) and of min (+∞ or the maximum).
    static var lowest: Self { get }
    static var highest: Self { get }
    static var zero: Self { get }
    static var one: Self { get }
    /// Integer arithmetic wraps, as ONNX Runtime's does.
    static func plus(_ a: Self, _ b: Self) -> Self
    static func times(_ a: Self, _ b: Self) -> Self
    /// The sum of `count` elements divided by count: a float mean, or integer division truncating toward zero.
    func mean(of count: Int) -> Self
}

extension Float: NumericElement {
    static var lowest: Float { -.infinity }
    static var highest: Float { .infinity }
    static var one: Float { 1 }
    static func plus(_ a: Float, _ b: Float) -> Float { a + b }
    static func times(_ a: Float, _ b: Float) -> Float { a * b }
    func mean(of count: Int) -> Float { self / Float(count) }
}

extension NumericElement where Self: FixedWidthInteger {
    static var lowest: Self { .min }
    static var highest: Self { .max }
    static var one: Self { 1 }
    static func plus(_ a: Self, _ b: Self) -> Self { a &+ b }
    static func times(_ a: Self, _ b: Self) -> Self { a &* b }
    func mean(of count: Int) -> Self { count == 0 ? 0 : self / Self(truncatingIfNeeded: count) }
}

extension Int64: NumericElement {}
extension Int32: NumericElement {}
extension UInt8: NumericElement {}

/// Calls `body` with the Swift type holding elements of `dtype` (bool as UInt8).
@inline(__always) func withNumericElement<R>(_ dtype: DType, _ body: (any NumericElement.Type) throws -> R) rethrows -> R {
    switch dtype {
    case .float32: return try body(Float.self)
    case .int64: return try body(Int64.self)
    case .int32: return try body(Int32.self)
    case .uint8, .bool: return try body(UInt8.self)
    }
}

/// Input element offsets of every output element of a broadcast (numpy rules), one table per input,
/// computed once at plan time.
func broadcastOffsets(_ shapes: [[Int]], to out: [Int]) -> [[Int]] {
    let count = out.reduce(1, *)
    return shapes.map { shape in
        let strides = broadcastStrides(shape, to: out)
        var table = [Int](repeating: 0, count: count)
        var index = [Int](repeating: 0, count: out.count), offset = 0
        for i in 0..<count {
            table[i] = offset
            var d = out.count - 1
            while d >= 0 {
                index[d] += 1; offset += strides[d]
                if index[d] < out[d] { break }
                offset -= strides[d] * index[d]; index[d] = 0; d -= 1
            }
        }
        return table
    }
}

/// Splits `shape` around `axis` into (elements before, the axis, elements after).
func aroundAxis(_ shape: [Int], _ axis: Int) -> (outer: Int, dim: Int, inner: Int) {
    (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
}
