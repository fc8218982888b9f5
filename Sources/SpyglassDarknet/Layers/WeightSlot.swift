/// How stored values are laid out relative to the IR's layout.
enum SlotLayout: Equatable {
    case direct
    /// Stored as a `rows × cols` matrix that Darknet transposes on load (`flipped=1` convolutions).
    case transposed(rows: Int, cols: Int)
    /// Transposed only when the weights header says so (connected layers, major or minor > 1000).
    case transposedByHeader(rows: Int, cols: Int)
}

/// One parameter array of a layer, in the order Darknet reads it from a .weights file.
struct WeightSlot: Equatable {
    /// Constant tensor name in the graph.
    var name: String
    var shape: [Int]
    /// Value used when no weights file is given (0, or 1 for BN variance).
    var fill: Float
    var layout: SlotLayout

    var count: Int { shape.reduce(1, *) }
}

/// A built layer: where its output is and which parameters it reads.
struct LayerPlan {
    var index: Int
    var kind: SectionKind
    var line: Int
    var output: String
    var nodes: [String]
    var slots: [WeightSlot]
    /// Darknet gives some layers (softmax, detection, cost) no image dims; later image layers then fail.
    var isImage: Bool
}

/// What a layer builder hands back.
struct LayerOutput {
    var tensor: String
    var isImage: Bool = true
}
