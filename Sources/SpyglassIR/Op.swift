/// The operations of the Spyglass IR. Each case carries its typed attributes; tensors
/// (activations and constant weights alike) are node inputs, referenced by name.
///
/// Adding an op touches: this enum and `OpKind`, shape inference (`Op+Shapes.swift`),
/// cost (`Op+Cost.swift`), one runtime kernel file plus its reference kernel, and a mapping
/// row per importer. `OpCoverageTests` fails if any of them is missing.
public enum Op: Hashable, Sendable {
    /// `x, weight, [bias]`
    case conv2d(Conv2DAttributes)
    /// `x, scale, bias, mean, variance`
    case batchNorm(BatchNormAttributes)
    /// `x, bias[C]`: adds a per-channel bias.
    case biasAdd
    /// `x`
    case activation(Activation)
    case maxPool(Pool2DAttributes)
    case avgPool(Pool2DAttributes)
    /// `x [N,C,H,W] -> [N,C,1,1]`
    case globalAvgPool
    case concat(ConcatAttributes)
    case slice(SliceAttributes)
    /// Element-wise sum of two same-shape tensors.
    case add
    /// Darknet `[shortcut]`: `x, from`.
    case shortcut(ShortcutAttributes)
    case upsample(UpsampleAttributes)
    case reorg(ReorgAttributes)
    /// `x, weight, [bias]`
    case fullyConnected(FullyConnectedAttributes)
    /// `x, weight, bias`
    case locallyConnected(LocallyConnectedAttributes)
    /// Identity at inference; the probability is kept so an exporter can write it back.
    case dropout(probability: Float)
    case softmax(SoftmaxAttributes)
    case identity
    /// Detector outputs: typed so a plugin can decode them; the tensor they produce is the
    /// layer's activated output, exactly as Darknet's layer holds it.
    case yolo(YoloAttributes)
    case region(RegionAttributes)
    case detection(DetectionAttributes)
    /// `x`: the same elements in a new shape.
    case reshape(ReshapeAttributes)
    /// `x`: axes permuted.
    case transpose(TransposeAttributes)
    /// `a, b`: element-wise arithmetic with numpy broadcasting.
    case binary(BinaryAttributes)
    /// `x`: an element-wise function with ONNX's formula (exp, softplus, clip …).
    case unary(UnaryAttributes)
    /// `x`: ONNX Resize (nearest / linear / cubic) along some axes, sizes fixed at import.
    case resize(ResizeAttributes)

    public var kind: OpKind {
        switch self {
        case .conv2d: return .conv2d
        case .batchNorm: return .batchNorm
        case .biasAdd: return .biasAdd
        case .activation: return .activation
        case .maxPool: return .maxPool
        case .avgPool: return .avgPool
        case .globalAvgPool: return .globalAvgPool
        case .concat: return .concat
        case .slice: return .slice
        case .add: return .add
        case .shortcut: return .shortcut
        case .upsample: return .upsample
        case .reorg: return .reorg
        case .fullyConnected: return .fullyConnected
        case .locallyConnected: return .locallyConnected
        case .dropout: return .dropout
        case .softmax: return .softmax
        case .identity: return .identity
        case .yolo: return .yolo
        case .region: return .region
        case .detection: return .detection
        case .reshape: return .reshape
        case .transpose: return .transpose
        case .binary: return .binary
        case .unary: return .unary
        case .resize: return .resize
        }
    }

    /// True for the typed detector output ops.
    public var isDetectorOutput: Bool {
        switch self {
        case .yolo, .region, .detection: return true
        default: return false
        }
    }

    /// The activation fused into this op, if it can carry one.
    public var fusedActivation: Activation? {
        switch self {
        case .conv2d(let a): return a.activation
        case .fullyConnected(let a): return a.activation
        case .locallyConnected(let a): return a.activation
        case .shortcut(let a): return a.activation
        default: return nil
        }
    }

    /// This op with `activation` fused in, or nil if it cannot carry one (or already carries a non-linear one).
    public func fusing(_ activation: Activation) -> Op? {
        switch self {
        case .conv2d(var a) where a.activation == .linear: a.activation = activation; return .conv2d(a)
        case .fullyConnected(var a) where a.activation == .linear: a.activation = activation; return .fullyConnected(a)
        case .locallyConnected(var a) where a.activation == .linear: a.activation = activation; return .locallyConnected(a)
        case .shortcut(var a) where a.activation == .linear: a.activation = activation; return .shortcut(a)
        default: return nil
        }
    }
}

/// The op type without attributes: used for tables, errors and coverage tests.
public enum OpKind: String, Hashable, Sendable, CaseIterable {
    case conv2d, batchNorm, biasAdd, activation, maxPool, avgPool, globalAvgPool, concat, slice, add
    case shortcut, upsample, reorg, fullyConnected, locallyConnected, dropout, softmax, identity
    case yolo, region, detection
    case reshape, transpose, binary, unary
    case resize
}
