/// Maps one ONNX node onto IR nodes through the context.
typealias ImportRule = (ONNXNode, ImportContext) throws -> Void

/// Computes the outputs of a node whose inputs are all known at import time (shape arithmetic).
/// Returns nil when this node cannot be folded after all (e.g. an unsupported data type).
typealias FoldRule = (ONNXNode, [FoldedTensor?], ImportContext) throws -> [FoldedTensor]?

/// An op type's rule, valid from opset `since` until the next entry for the same op type.
struct VersionedRule {
    var since: Int
    var rule: ImportRule
}
