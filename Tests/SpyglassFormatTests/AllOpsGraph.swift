import TestSupport
import Foundation
import SpyglassIR

/// A small, shape-valid graph that uses every `OpKind` with non-default attributes, plus constants
/// of every dtype (one of them empty), for round-trip tests.
enum AllOpsGraph {
    static func make() -> Graph {
        var random = SeededRandom(seed: 7)
        var constants: [String: ConstantTensor] = [:]
        func weights(_ name: String, _ shape: [Int]) -> String {
            constants[name] = ConstantTensor(floats: (0..<shape.reduce(1, *)).map { _ in random.nextFloat() }, shape: shape)
            return name
        }
        func node(_ name: String, _ op: Op, _ inputs: [String]) -> Node {
            Node(name: name, op: op, inputs: inputs, outputs: [name + ".out"], origin: "all-ops.cfg:\(name.count)")
        }
        let nodes: [Node] = [
            node("conv", .conv2d(Conv2DAttributes(outChannels: 8, kernelH: 3, kernelW: 3, padding: Padding2D(top: 1, left: 1, bottom: 1, right: 1),
                                                   activation: .leaky)),
                 ["x", weights("conv.w", [8, 4, 3, 3]), weights("conv.b", [8])]),
            node("bn", .batchNorm(BatchNormAttributes(epsilon: 1e-5, placement: .insideSqrt)),
                 ["conv.out", weights("bn.scale", [8]), weights("bn.bias", [8]), weights("bn.mean", [8]), weights("bn.var", [8])]),
            node("bias", .biasAdd, ["bn.out", weights("bias.b", [8])]),
            node("act", .activation(.mish), ["bias.out"]),
            node("maxpool", .maxPool(Pool2DAttributes(kernelH: 2, kernelW: 2, strideH: 2, strideW: 2)), ["act.out"]),
            node("avgpool", .avgPool(Pool2DAttributes(kernelH: 2, kernelW: 2, strideH: 1, strideW: 1,
                                                      padding: Padding2D(top: 0, left: 0, bottom: 1, right: 1), countIncludePad: true)),
                 ["maxpool.out"]),
            node("gap", .globalAvgPool, ["maxpool.out"]),
            node("concat", .concat(ConcatAttributes(axis: 1)), ["maxpool.out", "avgpool.out"]),
            node("slice", .slice(SliceAttributes(axis: 1, start: 3, end: 11)), ["concat.out"]),
            node("add", .add, ["slice.out", "maxpool.out"]),
            node("shortcut", .shortcut(ShortcutAttributes(alpha: 0.5, beta: 2, activation: .relu)), ["add.out", "avgpool.out"]),
            node("upsample", .upsample(UpsampleAttributes(factor: 2, multiplier: 1.5)), ["shortcut.out"]),
            node("reorg", .reorg(ReorgAttributes(stride: 2, reverse: false)), ["upsample.out"]),
            node("fc", .fullyConnected(FullyConnectedAttributes(outputs: 10, activation: .logistic)),
                 ["reorg.out", weights("fc.w", [10, 512]), weights("fc.b", [10])]),
            node("local", .locallyConnected(LocallyConnectedAttributes(outChannels: 2, kernel: 3, stride: 1, pad: 1, activation: .selu)),
                 ["maxpool.out", weights("local.w", [16, 2, 72]), weights("local.b", [32])]),
            node("dropout", .dropout(probability: 0.1), ["fc.out"]),
            node("softmax", .softmax(SoftmaxAttributes(axis: 1, groups: 2, temperature: 0.5)), ["dropout.out"]),
            node("identity", .identity, ["softmax.out"]),
            node("yolo_conv", .conv2d(Conv2DAttributes(outChannels: 18, kernelH: 1, kernelW: 1, strideH: 1, strideW: 1,
                                                       dilationH: 1, dilationW: 1, groups: 1)),
                 ["upsample.out", weights("yolo_conv.w", [18, 8, 1, 1])]),
            node("yolo", .yolo(YoloAttributes(classes: 1, anchors: [10, 14, 23, 27, 37, 58, 81, 82, 135, 169, 344, 319],
                                              mask: [3, 4, 5], networkWidth: 416, networkHeight: 416)), ["yolo_conv.out"]),
            node("region_conv", .conv2d(Conv2DAttributes(outChannels: 16, kernelH: 1, kernelW: 1, groups: 2)),
                 ["upsample.out", weights("region_conv.w", [16, 4, 1, 1])]),
            node("region", .region(RegionAttributes(classes: 3, coords: 4, num: 2, anchors: [0.57273, 0.677385, 1.87446, 2.06253],
                                                    softmax: true, background: false, biasMatch: true,
                                                    networkWidth: 416, networkHeight: 416)), ["region_conv.out"]),
            node("det_fc", .fullyConnected(FullyConnectedAttributes(outputs: 28)), ["gap.out", weights("det_fc.w", [28, 8])]),
            node("detection", .detection(DetectionAttributes(classes: 2, coords: 4, side: 2, num: 1, sqrt: true, softmax: false,
                                                             networkWidth: 448, networkHeight: 448)), ["det_fc.out"]),
            node("reshape", .reshape(ReshapeAttributes(shape: [0, -1, 4])), ["maxpool.out"]),
            node("transpose", .transpose(TransposeAttributes(permutation: [0, 2, 1])), ["reshape.out"]),
            node("binary", .binary(BinaryAttributes(.sub)), ["transpose.out", weights("binary.w", [32])]),
            node("unary", .unary(UnaryAttributes(.clip, alpha: -0.5, beta: 0.75)), ["binary.out"]),
            node("nms", .nonMaxSuppression(NonMaxSuppressionAttributes(centerPointBox: true, maxOutputBoxesPerClass: 4, iouThreshold: 0.45,
                                                                       scoreThreshold: 0.25)),
                 [weights("nms.boxes", [1, 6, 4]), weights("nms.scores", [1, 2, 6])]),
            node("nms_no_threshold", .nonMaxSuppression(NonMaxSuppressionAttributes(maxOutputBoxesPerClass: 2, iouThreshold: 0.5)),
                 ["nms.boxes", "nms.scores"]),
            node("roi_align", .roiAlign(RoiAlignAttributes(mode: .max, outputHeight: 2, outputWidth: 3, samplingRatio: 2, spatialScale: 0.25,
                                                           halfPixel: false)), ["maxpool.out", weights("roi.boxes", [3, 4]), "roi.batch"]),
            node("max_roi_pool", .maxRoiPool(MaxRoiPoolAttributes(pooledHeight: 2, pooledWidth: 3, spatialScale: 0.5)),
                 ["maxpool.out", weights("pool.rois", [2, 5])]),
            node("pad", .pad(PadAttributes(mode: .reflect, begins: [0, 0, 1, -1], ends: [0, 0, 2, 1], value: 0.25)), ["maxpool.out"]),
            node("strided_slice", .stridedSlice(StridedSliceAttributes(starts: [0, 7, 0, 3], steps: [1, -2, 3, -1], sizes: [1, 4, 3, 4])),
                 ["pad.out"]),
            node("tile", .tile(TileAttributes(repeats: [1, 2, 1, 3])), ["gap.out"]),
            node("expand", .expand(ExpandAttributes(shape: [2, 1, 8, 1, 5])), ["gap.out"]),
            node("reshape_empty", .reshape(ReshapeAttributes(shape: [4, 0], allowZero: true)), ["empty"]),
            node("matmul", .matMul, ["transpose.out", weights("matmul.w", [32, 3])]),
            node("deconv", .convTranspose(ConvTransposeAttributes(outChannels: 4, kernel: [3, 3], strides: [2, 2], dilations: [1, 2],
                                                                  padsBegin: [1, 0], padsEnd: [0, -1], groups: 2)),
                 ["maxpool.out", weights("deconv.w", [8, 2, 3, 3]), weights("deconv.b", [4])]),
            Node(name: "pool", op: .pool(PoolAttributes(mode: .max, kernel: [3, 2], strides: [2, 1], dilations: [1, 2], padsBegin: [1, 0],
                                                        padsEnd: [1, 1], ceilMode: true, producesIndices: true, columnMajorIndices: true)),
                 inputs: ["act.out"], outputs: ["pool.out", "pool.indices"], origin: "all-ops.cfg:4"),
            node("avgpool_nd", .pool(PoolAttributes(mode: .average, kernel: [2], strides: [1], dilations: [1], padsBegin: [1],
                                                    padsEnd: [0], countIncludePad: true)), ["binary.out"]),
            node("reduce", .reduce(ReduceAttributes(.mean, axes: [0, 2], keepDims: true)), ["unary.out"]),
            node("argmax", .argMax(ArgMaxAttributes(axis: 1, keepDims: false, selectLastIndex: true)), ["unary.out"]),
            Node(name: "topk", op: .topK(TopKAttributes(k: 2, axis: 2, largest: false)), inputs: ["unary.out"],
                 outputs: ["topk.values", "topk.indices"], origin: "all-ops.cfg:4"),
            node("gather", .gather(GatherAttributes(axis: 1)), ["unary.out", "argmax.out"]),
            node("cast", .cast(.int32), ["gather.out"]),
            node("compare", .compare(.lessOrEqual), ["unary.out", "reduce.out"]),
            node("not", .not, ["compare.out"]),
            node("select", .select, ["not.out", "unary.out", "reduce.out"]),
            node("resize", .resize(ResizeAttributes(mode: .cubic, coordinateTransform: .tfCropAndResize, nearestRounding: .ceil,
                                                    cubicCoefficient: -0.5, excludeOutside: true, extrapolationValue: 0.25,
                                                    antialias: true, axes: [3, 1], scales: [0.1 + 0.2, 2], sizes: [2, 16],
                                                    roi: [0.125, 0, 0.9, 1])), ["maxpool.out"]),
        ]
        constants["anchors.i64"] = ConstantTensor(int64s: [10, -14, Int64.max], shape: [3])
        constants["mask.i32"] = ConstantTensor(type: TensorType(.int32, Shape([2, 2])), storage: TensorStorage(copying: [Int32(1), -2, 3, Int32.min]))
        constants["lut.u8"] = ConstantTensor(type: TensorType(.uint8, Shape([5])), storage: TensorStorage(copying: [UInt8(0), 1, 127, 128, 255]))
        constants["flags.bool"] = ConstantTensor(type: TensorType(.bool, Shape([3])), storage: TensorStorage(copying: [UInt8(1), 0, 1]))
        constants["empty"] = ConstantTensor(floats: [], shape: [0, 4])
        constants["roi.batch"] = ConstantTensor(int64s: [0, 0, 0], shape: [3])

        var metadata = ModelMetadata()
        metadata.source = "hand-built:all-ops"
        metadata.classNames = ["person", "bicycle", "naïve \"quoted\" / name"]
        metadata.preprocessing = .darknetLetterbox
        metadata.plugin = "yolov3"
        metadata.ignoredOptions = ["learning_rate", "momentum"]
        metadata.properties = ["weights.major": "0", "weights.seen": "32013312", "empty": ""]
        let input = ValueInfo(name: "x", type: TensorType(.float32, Shape([.symbolic("batch"), .fixed(4), .fixed(8), .fixed(8)])))
        return Graph(name: "all-ops", inputs: [input],
                     outputs: ["identity.out", "yolo.out", "region.out", "detection.out", "local.out", "unary.out", "nms.out",
                               "nms_no_threshold.out", "roi_align.out", "max_roi_pool.out", "strided_slice.out", "tile.out",
                               "expand.out", "reshape_empty.out", "matmul.out", "deconv.out", "pool.out", "pool.indices",
                               "avgpool_nd.out", "cast.out", "select.out", "resize.out"],
                     nodes: nodes, constants: constants, metadata: metadata)
    }
}

