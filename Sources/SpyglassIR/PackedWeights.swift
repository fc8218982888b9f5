/// A runtime kernel's weights already in the layout it computes with (e.g. Winograd-transformed
/// 3×3 filters), kept beside the graph as an opaque cache: not an op, not a constant, ignored by
/// exporters. `.spyglass` files store these blobs so planning can map them instead of repacking.
///
/// A blob is only used when everything it was made for still holds: the node and its weight
/// constant by name, the layout id, the geometry string, the byte count, and the very same weight
/// storage (`source`). A pass that rewrites the weights makes new storage, so an old blob is
/// ignored and the kernel repacks — a stale cache costs time, never a wrong answer.
public struct PackedWeight: @unchecked Sendable {
    /// The node whose kernel uses the blob.
    public var node: String
    /// The weight constant the blob was packed from.
    public var weights: String
    /// Versioned name of the packed layout, e.g. "winograd23.v1"; change it whenever the layout changes.
    public var layout: String
    /// What the layout depends on besides the weights (e.g. "o=1024 c=512 k=3x3 g=1").
    public var geometry: String
    /// The packed bytes (64-byte aligned; a region of the mapped file after loading).
    public var storage: TensorStorage
    /// The storage of `weights` the blob was made from; nil until the blob is bound to a graph.
    public var source: TensorStorage?

    public init(node: String, weights: String, layout: String, geometry: String, storage: TensorStorage, source: TensorStorage?) {
        self.node = node; self.weights = weights; self.layout = layout; self.geometry = geometry
        self.storage = storage; self.source = source
    }

    /// Whether this blob was packed from the constant `constant` as it is now.
    public func isPacked(from constant: ConstantTensor?) -> Bool {
        guard let constant, let source else { return false }
        return source === constant.storage
    }
}

/// The packed blobs of a graph, by node name.
public struct PackedWeights: Sendable {
    public private(set) var byNode: [String: PackedWeight] = [:]

    public init(_ blobs: [PackedWeight] = []) { for b in blobs { byNode[b.node] = b } }

    public var isEmpty: Bool { byNode.isEmpty }
    public var count: Int { byNode.count }
    public var totalBytes: Int { byNode.values.reduce(0) { $0 + $1.storage.bytes.count } }
    /// Sorted by node name (the order they are written in).
    public var all: [PackedWeight] { byNode.values.sorted { $0.node < $1.node } }

    public subscript(node: String) -> PackedWeight? { byNode[node] }

    public mutating func insert(_ blob: PackedWeight) { byNode[blob.node] = blob }
    public mutating func removeAll() { byNode.removeAll() }
}
