import SpyglassIR

/// An option found in a cfg that has no effect at inference (training-only).
public struct IgnoredOption: Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var section: String
    public var key: String
    public var value: String
    public init(file: String, line: Int, section: String, key: String, value: String) {
        self.file = file; self.line = line; self.section = section; self.key = key; self.value = value
    }
    /// "yolov3.cfg:3 [net] batch=64"
    public var description: String { "\(file):\(line) [\(section)] \(key)=\(value)" }
}

/// What the importer accepted without using.
public struct ImportReport: Sendable {
    public var ignoredOptions: [IgnoredOption]
    public init(ignoredOptions: [IgnoredOption] = []) { self.ignoredOptions = ignoredOptions }
}

/// One Darknet layer (a cfg section after `[net]`), numbered as Darknet numbers it.
public struct DarknetLayer: Equatable, Sendable {
    public var index: Int
    /// Canonical section name, e.g. "convolutional" for `[conv]`.
    public var section: String
    /// cfg line of the section header.
    public var line: Int
    /// Tensor holding the layer's final output (what libdarknet's `layers[index].output` holds).
    public var output: String
    /// Names of the nodes this layer became, in order.
    public var nodes: [String]
    public init(index: Int, section: String, line: Int, output: String, nodes: [String]) {
        self.index = index; self.section = section; self.line = line; self.output = output; self.nodes = nodes
    }
}

/// An imported Darknet model: the graph plus how it maps back to the cfg.
public struct DarknetModel: Sendable {
    public var graph: Graph
    public var report: ImportReport
    public var layers: [DarknetLayer]
    public init(graph: Graph, report: ImportReport, layers: [DarknetLayer]) {
        self.graph = graph; self.report = report; self.layers = layers
    }
}
