import Foundation
import SpyglassIR
import SpyglassImage
import SpyglassRuntime

/// The detection pipeline: preprocess an image as the plugin prescribes, run the graph, decode the
/// outputs, apply NMS and return boxes in pixels of the original image. Used from Swift, the CLI and
/// the server. `detect` may be called from several threads; runs are serialised on the one plan.
public final class Detector: @unchecked Sendable {
    public let graph: Graph
    public let plugin: any DetectorPlugin
    public var defaults: DetectorDefaults { plugin.defaults }
    /// The compiled graph (per-node times of the last run are in `plan.lastNodeTimes`).
    public let plan: Plan
    private let inputName: String
    private let lock = NSLock()

    /// `plugin`: a registered plugin name; nil takes `graph.metadata.plugin` if that plugin matches,
    /// else the first registered plugin that does.
    public init(graph: Graph, plugin name: String? = nil, options: RuntimeOptions = .init()) throws {
        let registered = PluginRegistry.all.map { $0.name }
        let type: any DetectorPlugin.Type
        if let name {
            guard let named = PluginRegistry.plugin(named: name) else {
                throw DetectorError.unknownPlugin(name: name, registered: registered)
            }
            type = named
        } else {
            guard let found = PluginRegistry.plugin(for: graph) else {
                throw DetectorError.noDetectionHead(graph: graph.name, registered: registered)
            }
            type = found
        }
        let plugin = try type.init(graph: graph)
        guard graph.inputs.count == 1, let input = graph.inputs.first, input.type.shape.rank == 4 else {
            throw DetectorError.badInput(graph: graph.name, message: "a detector needs exactly one NCHW image input, the graph has \(graph.inputs.map { "\($0.name)\($0.type.shape)" })")
        }
        if let c = input.type.shape.dims[1].value, c != 3 {
            throw DetectorError.badInput(graph: graph.name, message: "input '\(input.name)' has \(c) channels, images have 3")
        }
        self.graph = graph
        self.plugin = plugin
        self.inputName = input.name
        self.plan = try Plan(graph: graph, bindings: Detector.bindings(for: input, defaults: plugin.defaults), options: options)
    }

    /// Binds the input's symbolic batch to 1 and its symbolic height/width to the plugin's input size.
    static func bindings(for input: ValueInfo, defaults: DetectorDefaults) -> [String: Int] {
        var b: [String: Int] = [:]
        let values = [1, 3, defaults.inputHeight, defaults.inputWidth]
        for (dim, value) in zip(input.type.shape.dims, values) {
            if case .symbolic(let name) = dim { b[name] = value }
        }
        return b
    }

    /// Detections in pixels of `image`, listed as Darknet lists them after NMS. `threshold` and
    /// `nms` and `nmsThreshold` default to the plugin's; a class is reported when its probability is above
    /// `threshold` (one box may carry several classes, as in Darknet).
    public func detect(_ image: Image, threshold: Float? = nil, nms: NMSMethod? = nil,
                       nmsThreshold: Float? = nil) throws -> [Detection] {
        guard image.channels == 3, image.width > 0, image.height > 0 else {
            throw DetectorError.invalidArgument("expected a non-empty 3-channel image, got \(image.width)x\(image.height)x\(image.channels)")
        }
        return try detect(width: image.width, height: image.height, threshold: threshold, nms: nms, nmsThreshold: nmsThreshold) { d, split in
            preprocess(image, width: d.inputWidth, height: d.inputHeight, mode: d.preprocessing.resizeMode, split: split)
        }
    }

    /// As `detect` of `image.image`, preprocessing straight from the decoded bytes (the same detections, faster).
    public func detect(_ image: PackedImage, threshold: Float? = nil, nms: NMSMethod? = nil,
                       nmsThreshold: Float? = nil) throws -> [Detection] {
        guard image.width > 0, image.height > 0 else {
            throw DetectorError.invalidArgument("expected a non-empty image, got \(image.width)x\(image.height)")
        }
        return try detect(width: image.width, height: image.height, threshold: threshold, nms: nms, nmsThreshold: nmsThreshold) { d, split in
            preprocess(image, width: d.inputWidth, height: d.inputHeight, mode: d.preprocessing.resizeMode, split: split)
        }
    }

    private func detect(width: Int, height: Int, threshold: Float?, nms: NMSMethod?, nmsThreshold: Float?,
                        preprocessed: (DetectorDefaults, RowSplitter?) -> (Image, LetterboxTransform)) throws -> [Detection] {
        let d = defaults
        let thresh = threshold ?? d.threshold
        let nmsThresh = nmsThreshold ?? d.nmsThreshold
        guard thresh.isFinite, nmsThresh.isFinite else {
            throw DetectorError.invalidArgument("thresholds must be finite numbers (got \(thresh), \(nmsThresh))")
        }
        let (outputs, transform): ([String: Tensor], LetterboxTransform) = try lock.withLock {
            // Preprocessing uses the plan's threads, so it runs under the plan's lock too.
            let (input, transform) = preprocessed(d, rowSplitter)
            return (try plan.run([inputName: Tensor(shape: [1, 3, input.height, input.width], data: input.data)]), transform)
        }
        let raw = try plugin.decode(outputs: outputs, transform: transform, threshold: thresh)
        let classes = d.classNames.isEmpty ? (raw.first?.probs.count ?? 0) : d.classNames.count
        return suppress(raw, method: nms ?? d.nms, classes: classes, scoreThreshold: thresh, iouThreshold: nmsThresh,
                        imageWidth: width, imageHeight: height, classNames: d.classNames)
    }

    /// Splits preprocessing rows over the plan's threads (a few rows per task at least).
    /// The row body arrives non-escaping, and a parallel loop needs it stored: `withoutActuallyEscaping`
    /// boxes it, one allocation per image, beside the image buffers preprocessing allocates anyway
    /// (the forward pass itself allocates nothing).
    public var rowSplitter: RowSplitter {
        { [plan] count, body in
            withoutActuallyEscaping(body) { body in plan.parallel.forEach(count, grain: 16, Rows(body: body)) { rows, range in rows.body(range) } }
        }
    }
}

/// A row body as a parallel loop's `state` (a struct: a bare closure passed as `state` would be
/// re-abstracted through a heap-allocated thunk).
private struct Rows {
    let body: (Range<Int>) -> Void
}

extension Preprocessing {
    /// The image module's resize mode for this preprocessing.
    public var resizeMode: ResizeMode {
        switch self {
        case .darknetLetterbox: return .darknetLetterbox
        case .stretch: return .stretch
        case .ultralyticsLetterbox: return .ultralyticsLetterbox
        }
    }
}
