/// Attributes of the ops that work on boxes and regions of interest (ONNX's NonMaxSuppression,
/// RoiAlign and MaxRoiPool), as detection heads use them after the network.

/// `boxes [N, B, 4], scores [N, C, B] -> selected [K, 3]` (int64 rows of batch, class, box), greedy
/// per batch and class in descending score order. K depends on the data: at most
/// N·C·min(maxOutputBoxesPerClass, B).
public struct NonMaxSuppressionAttributes: Hashable, Sendable {
    /// Boxes are [x_center, y_center, width, height] rather than two corners [y1, x1, y2, x2].
    public var centerPointBox: Bool
    public var maxOutputBoxesPerClass: Int
    /// A box is suppressed by a selected one when their IoU is greater than this.
    public var iouThreshold: Float
    /// Only boxes scoring greater than this are candidates; nil keeps every box.
    public var scoreThreshold: Float?

    public init(centerPointBox: Bool = false, maxOutputBoxesPerClass: Int, iouThreshold: Float = 0, scoreThreshold: Float? = nil) {
        self.centerPointBox = centerPointBox; self.maxOutputBoxesPerClass = maxOutputBoxesPerClass
        self.iouThreshold = iouThreshold; self.scoreThreshold = scoreThreshold
    }
}

/// How the samples of one output bin are combined.
public enum RoiPoolingMode: String, Hashable, Sendable, CaseIterable {
    case avg, max
}

/// `x [N, C, H, W], rois [R, 4] (x1, y1, x2, y2), batchIndices [R] (int64) -> [R, C, outputHeight, outputWidth]`:
/// each bin is the average (or max) of bilinear samples on a regular grid (ONNX RoiAlign).
public struct RoiAlignAttributes: Hashable, Sendable {
    public var mode: RoiPoolingMode
    public var outputHeight: Int
    public var outputWidth: Int
    /// Samples per bin along each axis; 0 means ceil(roi size / output size), per roi.
    public var samplingRatio: Int
    /// Scales roi coordinates to the input's resolution.
    public var spatialScale: Float
    /// ONNX's `half_pixel` transform (shift by −0.5, no minimum roi size); false is `output_half_pixel`
    /// (opset 10's behaviour: no shift, rois at least 1×1).
    public var halfPixel: Bool

    public init(mode: RoiPoolingMode = .avg, outputHeight: Int = 1, outputWidth: Int = 1, samplingRatio: Int = 0,
                spatialScale: Float = 1, halfPixel: Bool = true) {
        self.mode = mode; self.outputHeight = outputHeight; self.outputWidth = outputWidth
        self.samplingRatio = samplingRatio; self.spatialScale = spatialScale; self.halfPixel = halfPixel
    }
}

/// `x [N, C, H, W], rois [R, 5] (batch, x1, y1, x2, y2) -> [R, C, pooledHeight, pooledWidth]`: the
/// maximum over each bin of the rounded, scaled roi (ONNX MaxRoiPool, Caffe's ROIPooling).
public struct MaxRoiPoolAttributes: Hashable, Sendable {
    public var pooledHeight: Int
    public var pooledWidth: Int
    public var spatialScale: Float

    public init(pooledHeight: Int, pooledWidth: Int, spatialScale: Float = 1) {
        self.pooledHeight = pooledHeight; self.pooledWidth = pooledWidth; self.spatialScale = spatialScale
    }
}
