/// One operation in a graph. Inputs and outputs are tensor names: a graph input, another node's
/// output, or a constant from the graph's constant table.
public struct Node: Hashable, Sendable {
    public var name: String
    public var op: Op
    public var inputs: [String]
    public var outputs: [String]
    /// Where the node came from (e.g. "yolov3-tiny.cfg:42, layer 7"), for error messages and `inspect`.
    public var origin: String?

    public init(name: String, op: Op, inputs: [String], outputs: [String], origin: String? = nil) {
        self.name = name; self.op = op; self.inputs = inputs; self.outputs = outputs; self.origin = origin
    }

    /// "node 'conv_3' (conv2d, yolov3-tiny.cfg:42)"
    public var label: String {
        var s = "node '\(name)' (\(op.kind.rawValue)"
        if let origin { s += ", \(origin)" }
        return s + ")"
    }
}
