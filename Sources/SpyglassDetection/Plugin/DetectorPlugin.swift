import SpyglassIR
import SpyglassImage
import SpyglassRuntime

/// Node names of a detector graph split into its three parts, for `inspect` and graph drawings.
/// Every node of the graph is in exactly one list; each list keeps the graph's node order.
public struct GraphParts: Hashable, Sendable {
    public var backbone: [String]
    public var neck: [String]
    public var head: [String]

    public init(backbone: [String], neck: [String], head: [String]) {
        self.backbone = backbone; self.neck = neck; self.head = head
    }
}

/// What a detector uses when the caller does not say otherwise.
public struct DetectorDefaults: Hashable, Sendable {
    public var inputWidth: Int
    public var inputHeight: Int
    /// Score threshold: a detection's class probability must be above it.
    public var threshold: Float
    /// IoU above which NMS suppresses the lower-scored box.
    public var nmsThreshold: Float
    public var classNames: [String]
    public var preprocessing: Preprocessing
    /// The NMS `Detector.detect` applies when the caller names none (Darknet families: `.darknet`).
    public var nms: NMSMethod

    public init(inputWidth: Int, inputHeight: Int, threshold: Float, nmsThreshold: Float,
                classNames: [String], preprocessing: Preprocessing, nms: NMSMethod = .darknet) {
        self.inputWidth = inputWidth; self.inputHeight = inputHeight; self.threshold = threshold
        self.nmsThreshold = nmsThreshold; self.classNames = classNames; self.preprocessing = preprocessing
        self.nms = nms
    }
}

/// A detector family: recognises the graphs it can interpret, splits them into backbone, neck and
/// head, and turns the raw output tensors into boxes. Plugins register in `PluginRegistry`; the
/// core never names a family.
public protocol DetectorPlugin {
    /// Registry key, also stored in `graph.metadata.plugin` (e.g. "yolov3").
    static var name: String { get }
    /// One line for `spyglass plugins`.
    static var summary: String { get }
    /// True if this plugin can interpret the graph's outputs.
    static func matches(_ graph: Graph) -> Bool

    /// Binds the plugin to one graph; throws if the graph's detector outputs are not what it expects.
    init(graph: Graph) throws

    var defaults: DetectorDefaults { get }

    func parts(of graph: Graph) -> GraphParts

    /// Candidate boxes from the graph's output tensors (keyed by tensor name), in coordinates relative
    /// to the original image (0…1), before NMS. `threshold` is the plugin's own candidate cut-off
    /// (as in Darknet, probabilities not above it are zeroed).
    func decode(outputs: [String: Tensor], transform: LetterboxTransform, threshold: Float) throws -> [RawDetection]
}

extension DetectorPlugin {
    /// Name of the plugin type, usable on an instance too.
    public var pluginName: String { Self.name }
}
