import Foundation
import SpyglassIR

/// Hand-built IR graphs for ops and attribute combinations the Darknet cfgs do not reach.
enum TestGraphs {
    /// Builds a graph from (name, op, inputs) rows; each node's output is "<name>.out".
    struct Builder {
        var constants: [String: ConstantTensor] = [:]
        var nodes: [Node] = []
        private var random: UInt64

        init(seed: UInt64) { random = seed }

        /// Seeded values in [lo, hi).
        mutating func values(_ count: Int, _ lo: Float = -1, _ hi: Float = 1) -> [Float] {
            (0..<count).map { _ in
                random &+= 0x9E37_79B9_7F4A_7C15
                var z = random
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                z ^= z >> 31
                return lo + (hi - lo) * Float(z >> 40) / Float(1 << 24)
            }
        }

        mutating func weights(_ name: String, _ shape: [Int], _ lo: Float = -1, _ hi: Float = 1) -> String {
            constants[name] = ConstantTensor(floats: values(shape.reduce(1, *), lo, hi), shape: shape)
            return name
        }

        @discardableResult
        mutating func node(_ name: String, _ op: Op, _ inputs: [String]) -> String {
            nodes.append(Node(name: name, op: op, inputs: inputs, outputs: [name + ".out"]))
            return name + ".out"
        }

        func graph(_ name: String, input: [Int], outputs: [String]) -> Graph {
            Graph(name: name, inputs: [ValueInfo(name: "x", type: .float32(input))], outputs: outputs, nodes: nodes, constants: constants)
        }
    }

    /// Every op kind with non-default attributes (after Tests/SpyglassFormatTests/AllOpsGraph.swift), batch 2.
    static func allOps() -> Graph {
        var b = Builder(seed: 7)
        let conv = b.node("conv", .conv2d(Conv2DAttributes(outChannels: 8, kernelH: 3, kernelW: 3, padding: .symmetric(1), activation: .leaky)),
                          ["x", b.weights("conv.w", [8, 4, 3, 3]), b.weights("conv.b", [8])])
        let bn = b.node("bn", .batchNorm(BatchNormAttributes(epsilon: 1e-5, placement: .insideSqrt)),
                        [conv, b.weights("bn.scale", [8]), b.weights("bn.bias", [8]), b.weights("bn.mean", [8]), b.weights("bn.var", [8], 0.5, 1.5)])
        let dbn = b.node("darknet_bn", .batchNorm(.darknet),
                         [bn, b.weights("dbn.scale", [8]), b.weights("dbn.bias", [8]), b.weights("dbn.mean", [8]), b.weights("dbn.var", [8], 0, 0.01)])
        let bias = b.node("bias", .biasAdd, [dbn, b.weights("bias.b", [8])])
        let act = b.node("act", .activation(.mish), [bias])
        let maxpool = b.node("maxpool", .maxPool(Pool2DAttributes(kernelH: 2, kernelW: 2, strideH: 2, strideW: 2)), [act])
        let avgpool = b.node("avgpool", .avgPool(Pool2DAttributes(kernelH: 2, kernelW: 2, strideH: 1, strideW: 1,
                                                                   padding: Padding2D(top: 0, left: 0, bottom: 1, right: 1), countIncludePad: true)), [maxpool])
        let avgExcl = b.node("avgpool_excl", .avgPool(Pool2DAttributes(kernelH: 3, kernelW: 3, strideH: 1, strideW: 1,
                                                                        padding: .symmetric(1), countIncludePad: false)), [avgpool])
        let gap = b.node("gap", .globalAvgPool, [maxpool])
        let concat = b.node("concat", .concat(ConcatAttributes(axis: 1)), [maxpool, avgExcl])
        let slice = b.node("slice", .slice(SliceAttributes(axis: 1, start: 3, end: 11)), [concat])
        let add = b.node("add", .add, [slice, maxpool])
        let shortcut = b.node("shortcut", .shortcut(ShortcutAttributes(alpha: 0.5, beta: 2, activation: .relu)), [add, avgpool])
        let upsample = b.node("upsample", .upsample(UpsampleAttributes(factor: 2, multiplier: 1.5)), [shortcut])
        let reorg = b.node("reorg", .reorg(ReorgAttributes(stride: 2, reverse: false)), [upsample])
        let fc = b.node("fc", .fullyConnected(FullyConnectedAttributes(outputs: 10, activation: .logistic)),
                        [reorg, b.weights("fc.w", [10, 512]), b.weights("fc.b", [10])])
        let local = b.node("local", .locallyConnected(LocallyConnectedAttributes(outChannels: 2, kernel: 3, stride: 1, pad: 1, activation: .selu)),
                           [maxpool, b.weights("local.w", [16, 2, 72]), b.weights("local.b", [32])])
        let dropout = b.node("dropout", .dropout(probability: 0.1), [fc])
        let softmax = b.node("softmax", .softmax(SoftmaxAttributes(axis: 1, groups: 2, temperature: 0.5)), [dropout])
        let identity = b.node("identity", .identity, [softmax])
        let yoloConv = b.node("yolo_conv", .conv2d(Conv2DAttributes(outChannels: 18, kernelH: 1, kernelW: 1)), [upsample, b.weights("yolo_conv.w", [18, 8, 1, 1], -3, 3)])
        let yolo = b.node("yolo", .yolo(YoloAttributes(classes: 1, anchors: [10, 14, 23, 27, 37, 58, 81, 82, 135, 169, 344, 319],
                                                        mask: [3, 4, 5], networkWidth: 416, networkHeight: 416)), [yoloConv])
        let regionConv = b.node("region_conv", .conv2d(Conv2DAttributes(outChannels: 16, kernelH: 1, kernelW: 1, groups: 2)),
                                [upsample, b.weights("region_conv.w", [16, 4, 1, 1], -3, 3)])
        let region = b.node("region", .region(RegionAttributes(classes: 3, coords: 4, num: 2, anchors: [0.57273, 0.677385, 1.87446, 2.06253],
                                                               softmax: true, background: false, biasMatch: true, networkWidth: 416, networkHeight: 416)), [regionConv])
        let fc2 = b.node("det_fc", .fullyConnected(FullyConnectedAttributes(outputs: 28)), [gap, b.weights("det_fc.w", [28, 8], -3, 3)])
        let detection = b.node("detection", .detection(DetectionAttributes(classes: 2, coords: 4, side: 2, num: 1, sqrt: true, softmax: true,
                                                                           networkWidth: 448, networkHeight: 448)), [fc2])
        let reshape = b.node("reshape", .reshape(ReshapeAttributes(shape: [0, -1, 4])), [maxpool])
        let transpose = b.node("transpose", .transpose(TransposeAttributes(permutation: [0, 2, 1])), [reshape])
        let mul = b.node("mul", .binary(BinaryAttributes(.mul)), [transpose, b.weights("mul.w", [32])])
        let div = b.node("div", .binary(BinaryAttributes(.div)), [mul, b.weights("div.w", [4, 1], 0.5, 2)])
        let unary = b.node("unary", .unary(UnaryAttributes(.hardSigmoid, alpha: 0.3, beta: 0.4)), [div])
        let matmul = b.node("matmul", .matMul, [transpose, b.weights("matmul.w", [32, 3])])
        let deconv = b.node("deconv", .convTranspose(ConvTransposeAttributes(outChannels: 4, kernel: [3, 3], strides: [2, 2], dilations: [1, 2],
                                                                             padsBegin: [1, 0], padsEnd: [0, -1], groups: 2)),
                            [maxpool, b.weights("deconv.w", [8, 2, 3, 3]), b.weights("deconv.b", [4])])
        let pool = b.node("pool", .pool(PoolAttributes(mode: .max, kernel: [3, 2], strides: [2, 1], dilations: [1, 2], padsBegin: [1, 0],
                                                       padsEnd: [1, 1], ceilMode: true)), [act])
        let avgPool1D = b.node("avgpool_1d", .pool(PoolAttributes(mode: .average, kernel: [2], strides: [2], dilations: [1], padsBegin: [1],
                                                                  padsEnd: [0], ceilMode: true, countIncludePad: true)), [mul])
        // Region ops on the maxpool output [2, 8, 4, 4] and constant boxes.
        let nms = b.node("nms", .nonMaxSuppression(NonMaxSuppressionAttributes(maxOutputBoxesPerClass: 3, iouThreshold: 0.3, scoreThreshold: 0.2)),
                         [b.weights("nms.boxes", [2, 6, 4], 0, 4), b.weights("nms.scores", [2, 3, 6], 0, 1)])
        b.constants["roi.boxes"] = ConstantTensor(floats: [0, 0, 7, 7, 1.5, 0.5, 6, 5, 2, 3, 3.5, 7.5], shape: [3, 4])
        b.constants["roi.batch"] = ConstantTensor(int64s: [0, 1, 1], shape: [3])
        // output_half_pixel, which every exported opset has (half_pixel needs 16: `regionOps`).
        let roiAlign = b.node("roi_align", .roiAlign(RoiAlignAttributes(mode: .avg, outputHeight: 2, outputWidth: 3, samplingRatio: 0,
                                                                         spatialScale: 0.5, halfPixel: false)), [maxpool, "roi.boxes", "roi.batch"])
        let roiMax = b.node("roi_align_max", .roiAlign(RoiAlignAttributes(mode: .max, outputHeight: 3, outputWidth: 2, samplingRatio: 2,
                                                                           spatialScale: 0.5, halfPixel: false)), [maxpool, "roi.boxes", "roi.batch"])
        b.constants["pool.rois"] = ConstantTensor(floats: [0, 0, 0, 3, 3, 1, 1, 0.5, 2.6, 3], shape: [2, 5])
        let roiPool = b.node("max_roi_pool", .maxRoiPool(MaxRoiPoolAttributes(pooledHeight: 2, pooledWidth: 2)), [maxpool, "pool.rois"])
        // Indexing ops.
        let reflect = b.node("pad_reflect", .pad(PadAttributes(mode: .reflect, begins: [0, 0, 1, 2], ends: [0, 0, 2, 1])), [maxpool])
        let crop = b.node("pad_crop", .pad(PadAttributes(mode: .constant, begins: [0, 0, -1, 1], ends: [0, 0, 1, -1], value: 0.5)), [maxpool])
        let strided = b.node("strided_slice", .stridedSlice(StridedSliceAttributes(starts: [1, 0, 6, 0], steps: [-1, 3, -2, 2], sizes: [2, 3, 4, 4])),
                             [reflect])
        let tile = b.node("tile", .tile(TileAttributes(repeats: [1, 1, 2, 3])), [gap])
        let expand = b.node("expand", .expand(ExpandAttributes(shape: [3, 1, 8, 1, 4])), [gap])
        // Reductions and selections on unary's [2, 4, 32], through int64 and bool tensors back to floats.
        let sum = b.node("reduce_sum", .reduce(ReduceAttributes(.sum, axes: [2], keepDims: true)), [unary])
        let mean = b.node("reduce_mean", .reduce(ReduceAttributes(.mean, axes: [2], keepDims: true)), [unary])
        let max = b.node("reduce_max", .reduce(ReduceAttributes(.max, axes: [0, 2], keepDims: false)), [unary])
        let argMax = b.node("argmax", .argMax(ArgMaxAttributes(axis: 2, keepDims: false, selectLastIndex: true)), [unary])
        b.nodes.append(Node(name: "topk", op: .topK(TopKAttributes(k: 3, axis: 2, largest: false)), inputs: [unary],
                            outputs: ["topk.values", "topk.indices"]))
        let gather = b.node("gather", .gather(GatherAttributes(axis: 2)), [unary, "topk.indices"])
        let cast = b.node("cast", .cast(.float32), [argMax])
        let greater = b.node("greater", .compare(.greater), [unary, mean])
        let not = b.node("not", .not, [greater])
        let select = b.node("select", .select, [not, unary, sum])
        let resize = b.node("resize", .resize(ResizeAttributes(mode: .linear, axes: [2, 3], scales: [1.5, 0.75], sizes: [6, 3])), [maxpool])
        return b.graph("all-ops", input: [2, 4, 8, 8],
                       outputs: [identity, yolo, region, detection, local, unary, nms, roiAlign, roiMax, roiPool, crop, strided, tile, expand, matmul, deconv, pool, avgPool1D, max, "topk.values", gather, cast, select, resize])
    }

    /// RoiAlign (half_pixel, both modes) and MaxRoiPool on x [2, 3, 9, 11] with seeded random rois,
    /// including rois smaller than a pixel or partly outside the input.
    static func regionOps(seed: UInt64) -> Graph {
        var b = Builder(seed: seed)
        let rois = 7
        var corners: [Float] = [], pooled: [Float] = [], batch: [Int64] = []
        for i in 0..<rois {
            // Ordered corners: ONNX Runtime overflows on rois with x2 < x1 when sampling_ratio is 0.
            let v = b.values(4, -2, 12)
            let box = i == 0 ? [v[0], v[1], v[0] + 0.3, v[1] + 0.4] : [min(v[0], v[2]), min(v[1], v[3]), max(v[0], v[2]), max(v[1], v[3])]
            corners += box
            batch.append(Int64(i % 2))
            pooled += [Float(i % 2)] + box
        }
        b.constants["rois"] = ConstantTensor(floats: corners, shape: [rois, 4])
        b.constants["batch"] = ConstantTensor(int64s: batch, shape: [rois])
        b.constants["pool_rois"] = ConstantTensor(floats: pooled, shape: [rois, 5])
        let avg = b.node("align_avg", .roiAlign(RoiAlignAttributes(mode: .avg, outputHeight: 3, outputWidth: 4, samplingRatio: 0, spatialScale: 0.75)),
                         ["x", "rois", "batch"])
        let max = b.node("align_max", .roiAlign(RoiAlignAttributes(mode: .max, outputHeight: 2, outputWidth: 2, samplingRatio: 3, spatialScale: 1)),
                         ["x", "rois", "batch"])
        let pool = b.node("max_roi_pool", .maxRoiPool(MaxRoiPoolAttributes(pooledHeight: 3, pooledWidth: 2, spatialScale: 0.75)), ["x", "pool_rois"])
        let poolFine = b.node("max_roi_pool_fine", .maxRoiPool(MaxRoiPoolAttributes(pooledHeight: 5, pooledWidth: 6, spatialScale: 1)), ["x", "pool_rois"])
        return b.graph("region-ops", input: [2, 3, 9, 11], outputs: [avg, max, pool, poolFine])
    }

    /// x → one activation, for each activation (inputs chosen by the caller).
    static func activations() -> Graph {
        var b = Builder(seed: 1)
        let outs = Activation.allCases.map { b.node("act_\($0.rawValue)", .activation($0), ["x"]) }
        return b.graph("activations", input: [1, 2, 8, 8], outputs: outs)
    }

    /// Conv-carried activations (the fused form) plus Darknet shortcut shape variants.
    static func shortcuts() -> Graph {
        var b = Builder(seed: 3)
        let small = b.node("small", .conv2d(Conv2DAttributes(outChannels: 6, kernelH: 3, kernelW: 3, strideH: 2, strideW: 2, padding: .symmetric(1), activation: .swish)),
                           ["x", b.weights("small.w", [6, 4, 3, 3])])  // [1, 6, 5, 5] from [1, 4, 10, 10]
        let wide = b.node("wide", .conv2d(Conv2DAttributes(outChannels: 8, kernelH: 1, kernelW: 1, activation: .mish)),
                          ["x", b.weights("wide.w", [8, 4, 1, 1])])  // [1, 8, 10, 10]
        // from smaller (sample 2) with fewer channels, α and β.
        let up = b.node("spread", .shortcut(ShortcutAttributes(alpha: 0.5, beta: 2, activation: .leaky)), [wide, small])
        // from larger (stride 2) with more channels.
        let down = b.node("strided", .shortcut(ShortcutAttributes(alpha: 1, beta: 0.25)), [small, wide])
        // same size, fewer channels in from, α only.
        let chans = b.node("channels", .shortcut(ShortcutAttributes(alpha: 3, beta: 1, activation: .logistic)), [wide, "x"])
        // odd sizes: x 5×5, from 11×11 (stride 2, Darknet reads rows 0, 2, … 8).
        let odd = b.node("odd_from", .conv2d(Conv2DAttributes(outChannels: 6, kernelH: 1, kernelW: 1, padding: Padding2D(top: 1, left: 1, bottom: 0, right: 0))),
                         ["x", b.weights("odd.w", [6, 4, 1, 1])])  // [1, 6, 11, 11]
        let oddShortcut = b.node("odd", .shortcut(ShortcutAttributes()), [small, odd])
        return b.graph("shortcuts", input: [1, 4, 10, 10], outputs: [up, down, chans, oddShortcut])
    }

    /// Darknet's batch-norm with variances so small that where epsilon goes matters (sqrt(var) ≈ eps).
    static func darknetBatchNorm() -> Graph {
        var b = Builder(seed: 9)
        let bn = b.node("bn", .batchNorm(.darknet), ["x", b.weights("s", [4]), b.weights("b", [4]), b.weights("m", [4]),
                                                      b.weights("v", [4], 0, 4e-12)])
        return b.graph("darknet-bn", input: [1, 4, 3, 3], outputs: [bn])
    }

    /// Reorg both ways, max-pool padding ≥ the window (whole rows of −FLT_MAX, as in Darknet), Darknet region variants and a YOLOv1 detection head.
    static func layouts() -> Graph {
        var b = Builder(seed: 5)
        let reorg = b.node("reorg", .reorg(ReorgAttributes(stride: 2)), ["x"])  // [1, 36, 6, 6] → [1, 144, 3, 3]
        let back = b.node("reorg_back", .reorg(ReorgAttributes(stride: 2, reverse: true)), [reorg])  // → [1, 36, 6, 6]
        let reorg3 = b.node("reorg3", .reorg(ReorgAttributes(stride: 3, reverse: true)), ["x"])
        let pool = b.node("pool_big_pad", .maxPool(Pool2DAttributes(kernelH: 2, kernelW: 2, strideH: 1, strideW: 1,
                                                                     padding: Padding2D(top: 2, left: 0, bottom: 3, right: 1))), ["x"])
        let bg = b.node("region_bg", .region(RegionAttributes(classes: 3, coords: 4, num: 2, anchors: [1, 1, 2, 2], softmax: true, background: true,
                                                              biasMatch: false, networkWidth: 64, networkHeight: 64)), [b.node("conv_bg", .conv2d(Conv2DAttributes(outChannels: 16, kernelH: 1, kernelW: 1)), [back, b.weights("bg.w", [16, 36, 1, 1], -2, 2)])])
        let nosm = b.node("region_logistic", .region(RegionAttributes(classes: 3, coords: 4, num: 2, anchors: [1, 1, 2, 2], softmax: false, background: false,
                                                                      biasMatch: false, networkWidth: 64, networkHeight: 64)), [b.node("conv_nosm", .conv2d(Conv2DAttributes(outChannels: 16, kernelH: 1, kernelW: 1)), [back, b.weights("nosm.w", [16, 36, 1, 1], -2, 2)])])
        let fc = b.node("det_fc", .fullyConnected(FullyConnectedAttributes(outputs: 3 * 3 * (3 * 5 + 4))), [back, b.weights("det_fc.w", [171, 36 * 6 * 6], -0.1, 0.1)])
        let det = b.node("detection", .detection(DetectionAttributes(classes: 4, coords: 4, side: 3, num: 3, sqrt: true, softmax: true,
                                                                     networkWidth: 64, networkHeight: 64)), [fc])
        return b.graph("layouts", input: [1, 36, 6, 6], outputs: [reorg3, pool, bg, nosm, det])
    }

    /// Resize in every mode and coordinate transform, up and down, on H and W and on other axes
    /// (opset 19 for antialias and half_pixel_symmetric). Input [1, 3, 5, 6].
    static func resizes() -> Graph {
        var b = Builder(seed: 13)
        var outs: [String] = []
        func add(_ name: String, _ a: ResizeAttributes) { outs.append(b.node(name, .resize(a), ["x"])) }
        add("nearest_half_pixel_up", ResizeAttributes(mode: .nearest, axes: [2, 3], scales: [1.6, 2.5], sizes: [8, 15]))
        add("nearest_ceil_asymmetric_down", ResizeAttributes(mode: .nearest, coordinateTransform: .asymmetric, nearestRounding: .ceil,
                                                             axes: [2, 3], scales: [0.6, 0.5], sizes: [3, 3]))
        add("nearest_round_prefer_ceil_align_corners", ResizeAttributes(mode: .nearest, coordinateTransform: .alignCorners,
                                                                        nearestRounding: .roundPreferCeil, axes: [3, 2], scales: [1.5, 2], sizes: [9, 10]))
        add("nearest_floor_channels", ResizeAttributes(mode: .nearest, coordinateTransform: .asymmetric, nearestRounding: .floor,
                                                       axes: [1], scales: [2], sizes: [6]))
        add("linear_half_pixel", ResizeAttributes(mode: .linear, axes: [2, 3], scales: [1.4, 0.5], sizes: [7, 3]))
        add("linear_pytorch_half_pixel", ResizeAttributes(mode: .linear, coordinateTransform: .pytorchHalfPixel, axes: [2, 3],
                                                          scales: [0.2, 2], sizes: [1, 12]))
        // ONNX Runtime's linear and cubic resample only H and W of a 4-D tensor.
        add("linear_align_corners", ResizeAttributes(mode: .linear, coordinateTransform: .alignCorners, axes: [2, 3],
                                                     scales: [1.2, 1.5], sizes: [6, 9]))
        add("linear_antialias_down", ResizeAttributes(mode: .linear, antialias: true, axes: [2, 3], scales: [0.6, 0.5], sizes: [3, 3]))
        add("linear_half_pixel_symmetric", ResizeAttributes(mode: .linear, coordinateTransform: .halfPixelSymmetric, axes: [2, 3],
                                                            scales: [1.7, 0.7], sizes: [8, 4]))
        add("cubic_half_pixel", ResizeAttributes(mode: .cubic, axes: [2, 3], scales: [2, 1.5], sizes: [10, 9]))
        add("cubic_exclude_outside", ResizeAttributes(mode: .cubic, cubicCoefficient: -0.5, excludeOutside: true, axes: [2, 3],
                                                      scales: [0.8, 1.3], sizes: [4, 7]))
        add("cubic_asymmetric", ResizeAttributes(mode: .cubic, coordinateTransform: .asymmetric, axes: [3], scales: [1.75], sizes: [10]))
        add("cubic_antialias_down", ResizeAttributes(mode: .cubic, antialias: true, axes: [2, 3], scales: [0.4, 0.5], sizes: [2, 3]))
        // No axis at scale 1: ONNX Runtime ignores the roi of such an axis, ONNX's reference does not.
        add("tf_crop_and_resize", ResizeAttributes(mode: .linear, coordinateTransform: .tfCropAndResize, extrapolationValue: 10,
                                                   axes: [2, 3], scales: [1.2, 1.5], sizes: [6, 9], roi: [0.4, -0.1, 1.1, 0.9]))
        return b.graph("resizes", input: [1, 3, 5, 6], outputs: outs)
    }
}
