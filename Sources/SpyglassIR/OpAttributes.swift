/// Typed attributes of each op. Every struct validates itself at construction time
/// (see `Op.validate()`), so an invalid attribute is an error naming the node, not a
/// crash inside a kernel.

/// Explicit spatial padding, in pixels, per side.
public struct Padding2D: Hashable, Sendable {
    public var top: Int, left: Int, bottom: Int, right: Int
    public init(top: Int, left: Int, bottom: Int, right: Int) {
        self.top = top; self.left = left; self.bottom = bottom; self.right = right
    }
    public static func symmetric(_ p: Int) -> Padding2D { Padding2D(top: p, left: p, bottom: p, right: p) }
    public static let zero = Padding2D.symmetric(0)
}

/// 2-D convolution. Inputs: `x [N,C,H,W]`, `weight [O, C/groups, kH, kW]`, optional `bias [O]`.
public struct Conv2DAttributes: Hashable, Sendable {
    public var outChannels: Int
    public var kernelH: Int, kernelW: Int
    public var strideH: Int, strideW: Int
    public var dilationH: Int, dilationW: Int
    public var padding: Padding2D
    public var groups: Int
    /// Activation applied after the bias (fused by the `fuse-activation` pass or by an importer).
    public var activation: Activation

    public init(outChannels: Int, kernelH: Int, kernelW: Int, strideH: Int = 1, strideW: Int = 1,
                dilationH: Int = 1, dilationW: Int = 1, padding: Padding2D = .zero, groups: Int = 1,
                activation: Activation = .linear) {
        self.outChannels = outChannels; self.kernelH = kernelH; self.kernelW = kernelW
        self.strideH = strideH; self.strideW = strideW; self.dilationH = dilationH; self.dilationW = dilationW
        self.padding = padding; self.groups = groups; self.activation = activation
    }
}

/// Where batch-norm's epsilon goes: ONNX/PyTorch use `sqrt(var + eps)`, Darknet uses `sqrt(var) + eps`.
public enum EpsilonPlacement: String, Hashable, Sendable {
    case insideSqrt, afterSqrt
}

/// Inference-time batch normalisation. Inputs: `x`, `scale`, `bias`, `mean`, `variance` (each `[C]`).
public struct BatchNormAttributes: Hashable, Sendable {
    public var epsilon: Float
    public var placement: EpsilonPlacement
    public init(epsilon: Float, placement: EpsilonPlacement) { self.epsilon = epsilon; self.placement = placement }
    /// Darknet's normalize_cpu: (x - mean) / (sqrt(var) + .000001).
    public static let darknet = BatchNormAttributes(epsilon: 0.000001, placement: .afterSqrt)
}

/// Max or average pooling window.
public struct Pool2DAttributes: Hashable, Sendable {
    public var kernelH: Int, kernelW: Int
    public var strideH: Int, strideW: Int
    public var padding: Padding2D
    /// Average pooling only: whether padded cells count in the divisor.
    public var countIncludePad: Bool
    public init(kernelH: Int, kernelW: Int, strideH: Int, strideW: Int, padding: Padding2D = .zero,
                countIncludePad: Bool = false) {
        self.kernelH = kernelH; self.kernelW = kernelW; self.strideH = strideH; self.strideW = strideW
        self.padding = padding; self.countIncludePad = countIncludePad
    }
}

/// Darknet's `[shortcut]`: `out = alpha * x + beta * from`, over the overlapping channels and with
/// Darknet's stride/sample rule when spatial sizes differ; the output has `x`'s shape.
/// Inputs: `x` (previous layer), `from`.
public struct ShortcutAttributes: Hashable, Sendable {
    public var alpha: Float, beta: Float
    public var activation: Activation
    public init(alpha: Float = 1, beta: Float = 1, activation: Activation = .linear) {
        self.alpha = alpha; self.beta = beta; self.activation = activation
    }
}

/// Nearest-neighbour upsampling by an integer factor, times a constant (Darknet's `scale=` option).
public struct UpsampleAttributes: Hashable, Sendable {
    public var factor: Int
    public var multiplier: Float
    public init(factor: Int, multiplier: Float = 1) { self.factor = factor; self.multiplier = multiplier }
}

/// Darknet's `[reorg]` (space-to-depth with Darknet's own index order; `reverse` undoes it).
public struct ReorgAttributes: Hashable, Sendable {
    public var stride: Int
    public var reverse: Bool
    public init(stride: Int, reverse: Bool = false) { self.stride = stride; self.reverse = reverse }
}

/// Concatenation along an axis (Darknet `[route]` concatenates channels, axis 1).
public struct ConcatAttributes: Hashable, Sendable {
    public var axis: Int
    public init(axis: Int) { self.axis = axis }
}

/// A contiguous range `[start, end)` along one axis (Darknet `[route] groups=/group_id=`).
public struct SliceAttributes: Hashable, Sendable {
    public var axis: Int, start: Int, end: Int
    public init(axis: Int, start: Int, end: Int) { self.axis = axis; self.start = start; self.end = end }
}

/// Fully connected layer. Inputs: `x` (flattened per batch item), `weight [outputs, inputs]`, optional `bias`.
/// A rank-4 input gives `[N, outputs, 1, 1]` (Darknet's layout), a rank-2 input `[N, outputs]`.
public struct FullyConnectedAttributes: Hashable, Sendable {
    public var outputs: Int
    public var activation: Activation
    public init(outputs: Int, activation: Activation = .linear) { self.outputs = outputs; self.activation = activation }
}

/// Darknet's `[local]`: a convolution with separate weights per output location.
/// Inputs: `x`, `weight [outH*outW, O, C*kH*kW]`, `bias [O*outH*outW]`.
public struct LocallyConnectedAttributes: Hashable, Sendable {
    public var outChannels: Int
    public var kernel: Int
    public var stride: Int
    public var pad: Int
    public var activation: Activation
    public init(outChannels: Int, kernel: Int, stride: Int, pad: Int, activation: Activation = .linear) {
        self.outChannels = outChannels; self.kernel = kernel; self.stride = stride; self.pad = pad
        self.activation = activation
    }
}

/// Softmax over the elements of each batch item from `axis` on, split into `groups` equal contiguous
/// groups (Darknet's `[softmax] groups=`), with a temperature.
public struct SoftmaxAttributes: Hashable, Sendable {
    public var axis: Int
    public var groups: Int
    public var temperature: Float
    public init(axis: Int = 1, groups: Int = 1, temperature: Float = 1) {
        self.axis = axis; self.groups = groups; self.temperature = temperature
    }
}

/// YOLOv3 `[yolo]` output: the layer applies the logistic function to x, y, objectness and class scores
/// in place. Anchors are in network-input pixels, `mask` selects this scale's anchors.
public struct YoloAttributes: Hashable, Sendable {
    public var classes: Int
    public var anchors: [Float]  // w0, h0, w1, h1, ...
    public var mask: [Int]
    public var networkWidth: Int, networkHeight: Int
    public init(classes: Int, anchors: [Float], mask: [Int], networkWidth: Int, networkHeight: Int) {
        self.classes = classes; self.anchors = anchors; self.mask = mask
        self.networkWidth = networkWidth; self.networkHeight = networkHeight
    }
    /// (w, h) of this scale's anchors, in network-input pixels.
    public var maskedAnchors: [(w: Float, h: Float)] {
        mask.map { (w: anchors[2 * $0], h: anchors[2 * $0 + 1]) }
    }
}

/// YOLOv2 `[region]` output: logistic on x, y (and objectness unless `background`), softmax over classes.
/// Anchors are in grid cells.
public struct RegionAttributes: Hashable, Sendable {
    public var classes: Int
    public var coords: Int
    public var num: Int
    public var anchors: [Float]
    public var softmax: Bool
    public var background: Bool
    public var biasMatch: Bool
    public var networkWidth: Int, networkHeight: Int
    public init(classes: Int, coords: Int, num: Int, anchors: [Float], softmax: Bool, background: Bool,
                biasMatch: Bool, networkWidth: Int, networkHeight: Int) {
        self.classes = classes; self.coords = coords; self.num = num; self.anchors = anchors
        self.softmax = softmax; self.background = background; self.biasMatch = biasMatch
        self.networkWidth = networkWidth; self.networkHeight = networkHeight
    }
}

/// YOLOv1 `[detection]` output over an S×S grid: class probabilities, then `num` confidences, then boxes.
public struct DetectionAttributes: Hashable, Sendable {
    public var classes: Int
    public var coords: Int
    public var side: Int
    public var num: Int
    public var sqrt: Bool
    public var softmax: Bool
    public var networkWidth: Int, networkHeight: Int
    public init(classes: Int, coords: Int, side: Int, num: Int, sqrt: Bool, softmax: Bool,
                networkWidth: Int, networkHeight: Int) {
        self.classes = classes; self.coords = coords; self.side = side; self.num = num
        self.sqrt = sqrt; self.softmax = softmax; self.networkWidth = networkWidth; self.networkHeight = networkHeight
    }
}
