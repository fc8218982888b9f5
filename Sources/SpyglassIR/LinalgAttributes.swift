/// Attributes of the N-D ops the ONNX importer needs beyond Darknet's 2-D layers: pooling with
/// ONNX's full window rules, transposed convolution. Spatial dims follow `[N, C]`.

/// How a pooling window reduces its cells.
public enum PoolMode: String, Hashable, Sendable, CaseIterable {
    case max, average
}

/// ONNX MaxPool / AveragePool over any number of spatial dims. Input `x [N, C, d1 … dk]`; output 0 the
/// pooled values, output 1 (max only, when `producesIndices`) the int64 flat index of each maximum.
public struct PoolAttributes: Hashable, Sendable {
    public var mode: PoolMode
    public var kernel: [Int]
    public var strides: [Int]
    public var dilations: [Int]
    /// Explicit padding at the start and the end of each spatial dim.
    public var padsBegin: [Int], padsEnd: [Int]
    /// Output size rounded up; a last window that would start in the end padding is dropped.
    public var ceilMode: Bool
    /// Average only: padded cells (within `padsBegin`/`padsEnd`, not the ceil overhang) count in the divisor.
    public var countIncludePad: Bool
    /// Max only: a second output with the index of each maximum in the flattened input.
    public var producesIndices: Bool
    /// Indices count the spatial dims column-major (ONNX `storage_order = 1`).
    public var columnMajorIndices: Bool

    public init(mode: PoolMode, kernel: [Int], strides: [Int], dilations: [Int], padsBegin: [Int], padsEnd: [Int],
                ceilMode: Bool = false, countIncludePad: Bool = false, producesIndices: Bool = false,
                columnMajorIndices: Bool = false) {
        self.mode = mode; self.kernel = kernel; self.strides = strides; self.dilations = dilations
        self.padsBegin = padsBegin; self.padsEnd = padsEnd; self.ceilMode = ceilMode
        self.countIncludePad = countIncludePad; self.producesIndices = producesIndices
        self.columnMajorIndices = columnMajorIndices
    }

    public var spatialRank: Int { kernel.count }

    /// Output spatial sizes for input spatial sizes `input` (ONNX's rule, ceil mode included).
    public func outputSpatial(_ input: [Int]) -> [Int] {
        (0..<kernel.count).map { d in
            let span = input[d] + padsBegin[d] + padsEnd[d] - (dilations[d] * (kernel[d] - 1) + 1)
            guard span >= 0 else { return 0 }
            var out = span / strides[d] + 1
            if ceilMode, span % strides[d] != 0 {
                out += 1
                if (out - 1) * strides[d] >= input[d] + padsBegin[d] { out -= 1 }
            }
            return out
        }
    }
}

/// ONNX ConvTranspose (any spatial rank). Inputs: `x [N, C, d…]`, `weight [C, outChannels/groups, k…]`,
/// optional `bias [outChannels]`. Input cell `i` at kernel offset `k` lands on output cell
/// `i·stride + k·dilation − padsBegin`; the output size is `stride·(in−1) + dilation·(k−1) + 1 − padsBegin − padsEnd`.
/// A negative `padsEnd` adds cells at the end (ONNX's `output_padding` / `output_shape`).
public struct ConvTransposeAttributes: Hashable, Sendable {
    public var outChannels: Int
    public var kernel: [Int]
    public var strides: [Int]
    public var dilations: [Int]
    public var padsBegin: [Int], padsEnd: [Int]
    public var groups: Int

    public init(outChannels: Int, kernel: [Int], strides: [Int], dilations: [Int], padsBegin: [Int], padsEnd: [Int], groups: Int = 1) {
        self.outChannels = outChannels; self.kernel = kernel; self.strides = strides; self.dilations = dilations
        self.padsBegin = padsBegin; self.padsEnd = padsEnd; self.groups = groups
    }

    public var spatialRank: Int { kernel.count }

    public func outputSpatial(_ input: [Int]) -> [Int] {
        (0..<kernel.count).map { d in
            strides[d] * (input[d] - 1) + dilations[d] * (kernel[d] - 1) + 1 - padsBegin[d] - padsEnd[d]
        }
    }
}

/// The output shape of numpy's matmul for operand shapes `a` and `b`, or nil when they do not fit:
/// 1-D operands gain (then lose) a unit dim, batch dims broadcast.
public func matMulShape(_ a: [Int], _ b: [Int]) -> [Int]? {
    guard !a.isEmpty, !b.isEmpty else { return nil }
    let a2 = a.count == 1 ? [1, a[0]] : a, b2 = b.count == 1 ? [b[0], 1] : b
    guard a2[a2.count - 1] == b2[b2.count - 2] else { return nil }
    guard let batch = broadcastShape(Array(a2.dropLast(2)), Array(b2.dropLast(2))) else { return nil }
    var out = batch
    if a.count > 1 { out.append(a2[a2.count - 2]) }
    if b.count > 1 { out.append(b2[b2.count - 1]) }
    return out
}
