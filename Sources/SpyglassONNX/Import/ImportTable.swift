/// The importer's dispatch table (tinygrad-style): op type → rules by the opset they start at.
/// A model at opset v uses, for each op type, the entry with the largest `since` ≤ v.
enum ImportTable {
    static let rules: [String: [VersionedRule]] = {
        var table: [String: [VersionedRule]] = [:]
        for family in [ConvImport.rules, NormalizationImport.rules, ActivationImport.rules, PoolImport.rules,
                       LayoutImport.rules, ElementwiseImport.rules, SoftmaxImport.rules, UnaryImport.rules,
                       RegionImport.rules, IndexingImport.rules,
                       LinalgImport.rules, ReduceImport.rules, SelectionImport.rules,
                       ResizeImport.rules] {
            for (op, rules) in family { table[op, default: []] += rules }
        }
        return table.mapValues { $0.sorted { $0.since < $1.since } }
    }()

    static func rule(for opType: String, opset: Int) -> ImportRule? {
        rules[opType]?.last { $0.since <= opset }?.rule
    }

    /// Op types with a rule at `opset` (for `spyglass inspect` and the conformance table).
    static func supportedOpTypes(opset: Int) -> [String] {
        rules.keys.filter { rule(for: $0, opset: opset) != nil }.sorted()
    }
}

extension ONNXImporter {
    /// Op types importable at `opset`: mapped onto IR ops, or evaluated at import time on constant inputs.
    public static func supportedOpTypes(opset: Int = 17) -> [String] {
        Array(Set(ImportTable.supportedOpTypes(opset: opset)).union(FoldTable.rules.keys)).sorted()
    }
}

/// Shared helpers for rules.
extension ImportContext {
    /// `axis` (possibly negative) as an index into a rank-`rank` shape.
    func axis(_ axis: Int64, rank: Int, _ node: ONNXNode) throws -> Int {
        let a = axis < 0 ? Int(axis) + rank : Int(axis)
        guard a >= 0, a < rank else { throw fail(node, "axis \(axis) out of range for rank \(rank)") }
        return a
    }
}
