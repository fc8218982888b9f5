/// Attributes of the ops that place input elements at computed output positions, whatever their
/// element type: pad, strided slice, tile and expand. Every output coordinate along an axis reads
/// one input coordinate along the same axis (or, for constant padding, none).

/// How `pad` fills the positions outside the input.
public enum PadMode: String, Hashable, Sendable, CaseIterable {
    /// `value`.
    case constant
    /// The input mirrored about its first/last element (the edge element not repeated).
    case reflect
    /// The nearest edge element.
    case edge
    /// The input repeated periodically.
    case wrap
}

/// `x -> y` with `begins[d]` positions added before and `ends[d]` after axis d (negative values
/// remove elements instead).
public struct PadAttributes: Hashable, Sendable {
    public var mode: PadMode
    public var begins: [Int]
    public var ends: [Int]
    /// The fill of constant mode, converted to the tensor's element type.
    public var value: Double

    public init(mode: PadMode = .constant, begins: [Int], ends: [Int], value: Double = 0) {
        self.mode = mode; self.begins = begins; self.ends = ends; self.value = value
    }

    /// The input coordinate output coordinate `o` reads along an axis of size `n` padded by
    /// `begin` in front, or nil when it is filled with `value`.
    public func source(_ o: Int, begin: Int, size n: Int) -> Int? {
        let i = o - begin
        if i >= 0 && i < n { return i }
        switch mode {
        case .constant: return nil
        case .edge: return min(max(i, 0), n - 1)
        case .wrap: return ((i % n) + n) % n
        case .reflect:
            guard n > 1 else { return 0 }
            let period = 2 * (n - 1), m = ((i % period) + period) % period
            return m < n ? m : period - m
        }
    }
}

/// `x -> y` with, along every axis d, `sizes[d]` elements read from `starts[d]` in steps of
/// `steps[d]` (negative steps run backwards). Every index is resolved and in range.
public struct StridedSliceAttributes: Hashable, Sendable {
    public var starts: [Int]
    public var steps: [Int]
    public var sizes: [Int]

    public init(starts: [Int], steps: [Int], sizes: [Int]) {
        self.starts = starts; self.steps = steps; self.sizes = sizes
    }
}

/// `x -> y` with axis d repeated `repeats[d]` times (ONNX Tile).
public struct TileAttributes: Hashable, Sendable {
    public var repeats: [Int]
    public init(repeats: [Int]) { self.repeats = repeats }
}

/// `x -> y` broadcast (numpy rules) to `shape` combined with x's own shape (ONNX Expand).
public struct ExpandAttributes: Hashable, Sendable {
    public var shape: [Int]
    public init(shape: [Int]) { self.shape = shape }
}
