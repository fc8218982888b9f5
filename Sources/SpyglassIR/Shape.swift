/// One dimension of a tensor shape: a number, or a name bound when a graph is planned
/// (`batch`, `height`, …) so one graph can be run at several input sizes.
public enum Dim: Hashable, Sendable, CustomStringConvertible {
    case fixed(Int)
    case symbolic(String)

    public var value: Int? {
        if case .fixed(let v) = self { return v }
        return nil
    }

    public var description: String {
        switch self {
        case .fixed(let v): return String(v)
        case .symbolic(let s): return s
        }
    }
}

/// A tensor shape, outermost dimension first (NCHW for images).
public struct Shape: Hashable, Sendable, CustomStringConvertible, ExpressibleByArrayLiteral {
    public var dims: [Dim]

    public init(_ dims: [Dim]) { self.dims = dims }
    public init(_ values: [Int]) { self.dims = values.map { .fixed($0) } }
    public init(arrayLiteral elements: Int...) { self.init(elements) }

    public var rank: Int { dims.count }

    /// The numeric dimensions, or nil if any is still symbolic.
    public var concrete: [Int]? {
        var out: [Int] = []
        out.reserveCapacity(dims.count)
        for d in dims {
            guard let v = d.value else { return nil }
            out.append(v)
        }
        return out
    }

    public var description: String { "[" + dims.map(\.description).joined(separator: ", ") + "]" }

    /// Replaces symbolic dims by the values bound to their names.
    public func binding(_ bindings: [String: Int]) -> Shape {
        Shape(dims.map { d in
            if case .symbolic(let s) = d, let v = bindings[s] { return .fixed(v) }
            return d
        })
    }
}

/// Number of elements in a concrete shape.
@inlinable public func elementCount(_ shape: [Int]) -> Int { shape.reduce(1, *) }

/// A tensor's element type and shape.
public struct TensorType: Hashable, Sendable, CustomStringConvertible {
    public var dtype: DType
    public var shape: Shape

    public init(_ dtype: DType, _ shape: Shape) {
        self.dtype = dtype
        self.shape = shape
    }

    public static func float32(_ dims: [Int]) -> TensorType { TensorType(.float32, Shape(dims)) }

    public var description: String { "\(dtype.rawValue)\(shape)" }
}
