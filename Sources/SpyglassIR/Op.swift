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
    /// `boxes, scores -> selected [K, 3]` int64; K depends on the data.
    case nonMaxSuppression(NonMaxSuppressionAttributes)
    /// `x, rois, batchIndices` (int64).
    case roiAlign(RoiAlignAttributes)
    /// `x, rois` (batch index in column 0).
    case maxRoiPool(MaxRoiPoolAttributes)
    /// `x`: padded (or cropped) per axis.
    case pad(PadAttributes)
    /// `x`: a strided window on every axis.
    case stridedSlice(StridedSliceAttributes)
    /// `x`: repeated along each axis.
    case tile(TileAttributes)
    /// `x`: broadcast to a larger shape.
    case expand(ExpandAttributes)
    /// `a, b`: numpy matmul (1-D operands promoted, batch dims broadcast).
    case matMul
    /// `x, weight, [bias]`: transposed convolution, any spatial rank.
    case convTranspose(ConvTransposeAttributes)
    /// `x`: ONNX max/average pooling, any spatial rank; max may also output the indices.
    case pool(PoolAttributes)
    /// `x`: sum/mean/max/min/prod over some axes.
    case reduce(ReduceAttributes)
    /// `x` → int64 index of the largest element along an axis.
    case argMax(ArgMaxAttributes)
    /// `x` → values and int64 indices of the k largest/smallest elements along an axis.
    case topK(TopKAttributes)
    /// `data, indices` → data indexed along an axis (indices read at run time).
    case gather(GatherAttributes)
    /// `x` converted to another element type (ONNX Cast rules).
    case cast(DType)
    /// `a, b` → bool, with broadcasting.
    case compare(CompareOperator)
    /// `x` (bool) → logical not.
    case not
    /// `condition, x, y` → x where condition else y, with broadcasting (ONNX Where).
    case select
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
        case .nonMaxSuppression: return .nonMaxSuppression
        case .roiAlign: return .roiAlign
        case .maxRoiPool: return .maxRoiPool
        case .pad: return .pad
        case .stridedSlice: return .stridedSlice
        case .tile: return .tile
        case .expand: return .expand
        case .matMul: return .matMul
        case .convTranspose: return .convTranspose
        case .pool: return .pool
        case .reduce: return .reduce
        case .argMax: return .argMax
        case .topK: return .topK
        case .gather: return .gather
        case .cast: return .cast
        case .compare: return .compare
        case .not: return .not
        case .select: return .select
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
    case nonMaxSuppression, roiAlign, maxRoiPool
    case pad, stridedSlice, tile, expand
    case matMul, convTranspose, pool
    case reduce, argMax, topK, gather, cast, compare, not, select
    case resize
}
