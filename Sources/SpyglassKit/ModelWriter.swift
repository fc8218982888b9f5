import Foundation
import SpyglassFormat
import SpyglassIR
import SpyglassRuntime

/// Writes `.spyglass` files the way the CLI does: with the runtime's prepacked weights (for the
/// graph's own input shapes) stored beside the graph, so planning maps them instead of packing.
public enum ModelWriter {
    /// `graph` with `packedWeights` filled in by the runtime (replacing any stale ones).
    public static func withPackedWeights(_ graph: Graph, bindings: [String: Int] = [:]) -> Graph {
        var g = graph
        g.packedWeights = Prepacking.pack(graph, bindings: bindings)
        return g
    }

    /// Writes `graph` to `url`, with packed weights unless `prepack` is false.
    public static func writeSpyglass(_ graph: Graph, to url: URL, prepack: Bool = true, bindings: [String: Int] = [:]) throws {
        try SpyglassFile.write(prepack ? withPackedWeights(graph, bindings: bindings) : graph, to: url)
    }
}
