import SpyglassDetection
import SpyglassIR

/// Where a YOLOv8-style graph keeps its predictions: one float output of shape [1, 4+nc, N]
/// (Ultralytics' export) or its transpose [1, N, 4+nc], N the anchor points of the strides 8, 16, …
public struct YOLOv8Output: Hashable, Sendable {
    public var name: String
    public var classes: Int
    public var anchors: Int
    /// True for [1, 4+nc, N] (one row per attribute), false for [1, N, 4+nc].
    public var attributesFirst: Bool

    /// Ultralytics' default input size, used when the graph's height/width are symbolic.
    static let fallbackSize = 640

    /// Anchor counts a [1,3,H,W] input can give: the points of strides 8+16, 8+16+32 (v8) or
    /// 8+16+32+64 (P6 models), feature maps of ceil(H/s)×ceil(W/s).
    static func anchorCounts(width: Int, height: Int) -> Set<Int> {
        var counts = Set<Int>(), total = 0
        for stride in [8, 16, 32, 64] {
            total += ((height + stride - 1) / stride) * ((width + stride - 1) / stride)
            if stride >= 16 { counts.insert(total) }
        }
        return counts
    }

    /// The graph's input size: fixed NCHW dims, else 640.
    static func inputSize(_ graph: Graph) -> (width: Int, height: Int) {
        guard let dims = graph.inputs.first?.type.shape.dims, dims.count == 4 else { return (fallbackSize, fallbackSize) }
        return (dims[3].value ?? fallbackSize, dims[2].value ?? fallbackSize)
    }

    /// Finds the prediction output, or says why there is none.
    static func find(in graph: Graph) -> Result<YOLOv8Output, DetectorError> {
        func mismatch(_ why: String) -> Result<YOLOv8Output, DetectorError> {
            .failure(.pluginMismatch(plugin: "yolov8", graph: graph.name, reason: why))
        }
        guard graph.inputs.count == 1, let input = graph.inputs.first, input.type.shape.rank == 4,
              input.type.shape.dims[1].value.map({ $0 == 3 }) ?? true else {
            return mismatch("it needs one [1,3,H,W] input")
        }
        let size = inputSize(graph)
        var bindings: [String: Int] = [:]
        for (dim, value) in zip(input.type.shape.dims, [1, 3, size.height, size.width]) {
            if case .symbolic(let name) = dim { bindings[name] = value }
        }
        guard let shapes = try? ShapeInference.infer(graph, bindings: bindings) else {
            return mismatch("its output shapes cannot be inferred")
        }
        let counts = anchorCounts(width: size.width, height: size.height)
        for name in graph.outputs {
            guard let s = shapes[name], s.count == 3, s[0] == 1 else { continue }
            if counts.contains(s[2]), s[1] > 4 {
                return .success(YOLOv8Output(name: name, classes: s[1] - 4, anchors: s[2], attributesFirst: true))
            }
            if counts.contains(s[1]), s[2] > 4 {
                return .success(YOLOv8Output(name: name, classes: s[2] - 4, anchors: s[1], attributesFirst: false))
            }
        }
        return mismatch("no output is [1, 4+nc, N] or [1, N, 4+nc] with N one of \(counts.sorted()) for a \(size.width)x\(size.height) input")
    }
}
