import Foundation
import SpyglassIR
import SpyglassDarknet
import SpyglassFormat
import SpyglassONNX
import SpyglassRuntime

/// A model in memory, whichever form it came from.
public struct LoadedModel {
    public var graph: Graph
    /// What was loaded, e.g. "yolov3-tiny.cfg + yolov3-tiny.weights".
    public var sourceDescription: String
    /// Present when the model came from a Darknet cfg.
    public var darknet: DarknetModel?
}

public enum ModelLoadError: Error, CustomStringConvertible {
    case noPaths
    case notFound(String)
    case unrecognised(String)
    case unexpectedCombination([String])
    case weightsWithoutCfg(String)
    case cfgWithoutWeights(String)

    public var description: String {
        switch self {
        case .noPaths: return "no model given"
        case .notFound(let p): return "\(p): no such file"
        case .unrecognised(let p):
            return "\(p): not a model Spyglass reads (expected a .spyglass or .onnx file, or a Darknet .cfg with its .weights)"
        case .unexpectedCombination(let ps): return "cannot load \(ps.joined(separator: " + ")) together: give a .spyglass or .onnx file, or a .cfg and a .weights"
        case .weightsWithoutCfg(let p): return "\(p): Darknet weights need their .cfg (give both: MODEL.cfg MODEL.weights)"
        case .cfgWithoutWeights(let p): return "\(p): this command needs the model's weights too (give both: MODEL.cfg MODEL.weights)"
        }
    }
}

/// Loads a model from the paths a user types: `model.spyglass`, `model.onnx`, or `model.cfg model.weights`
/// (or a lone `.cfg`, which gives zero weights — enough for `inspect`).
public enum ModelLoader {
    /// `bindings` gives values to an ONNX model's symbolic input dims (`dim_param`), which its shape
    /// arithmetic may need at import time; see `ONNXImporter`.
    public static func load(_ paths: [String], allowMissingWeights: Bool = false, bindings: [String: Int] = [:],
                            progress: ((Int, Int) -> Void)? = nil) throws -> LoadedModel {
        guard !paths.isEmpty else { throw ModelLoadError.noPaths }
        for p in paths where !FileManager.default.fileExists(atPath: p) { throw ModelLoadError.notFound(p) }
        let kinds = try paths.map { try kind(of: $0) }
        switch kinds {
        case [.spyglass]:
            let graph = try SpyglassFile.read(URL(fileURLWithPath: paths[0]))
            return LoadedModel(graph: graph, sourceDescription: name(paths[0]), darknet: nil)
        case [.cfg, .weights], [.weights, .cfg]:
            let cfg = kinds[0] == .cfg ? paths[0] : paths[1], weights = kinds[0] == .cfg ? paths[1] : paths[0]
            let model = try DarknetImporter.load(cfg: URL(fileURLWithPath: cfg), weights: URL(fileURLWithPath: weights), progress: progress)
            return LoadedModel(graph: model.graph, sourceDescription: "\(name(cfg)) + \(name(weights))", darknet: model)
        case [.cfg]:
            guard allowMissingWeights else { throw ModelLoadError.cfgWithoutWeights(paths[0]) }
            let model = try DarknetImporter.load(cfg: URL(fileURLWithPath: paths[0]), weights: nil, progress: progress)
            return LoadedModel(graph: model.graph, sourceDescription: "\(name(paths[0])) (no weights: zeros)", darknet: model)
        case [.onnx]:
            return LoadedModel(graph: try loadONNX(URL(fileURLWithPath: paths[0]), bindings: bindings),
                               sourceDescription: name(paths[0]), darknet: nil)
        case [.weights]:
            throw ModelLoadError.weightsWithoutCfg(paths[0])
        default:
            throw ModelLoadError.unexpectedCombination(paths)
        }
    }

    /// Imports an ONNX model. When its shape arithmetic needs a symbolic batch dim (dim 0 of an
    /// input) that `bindings` leaves open, the batch is bound to 1 and the import retried.
    static func loadONNX(_ url: URL, bindings: [String: Int]) throws -> Graph {
        let model = try ONNXReader.read(contentsOf: url)
        do { return try ONNXImporter.importModel(model, bindings: bindings, evaluator: RuntimeEvaluator()) } catch ONNXError.importFailed(let node, let message)
            where message.contains("symbolic input dim") {
            var withBatch = bindings
            for input in model.graph.inputs {
                if case .param(let p)? = input.shape?.first, withBatch[p] == nil { withBatch[p] = 1 }
            }
            guard withBatch != bindings else { throw ONNXError.importFailed(node: node, message: message) }
            return try ONNXImporter.importModel(model, bindings: withBatch, evaluator: RuntimeEvaluator())
        }
    }

    enum Kind { case spyglass, cfg, weights, onnx }

    static func kind(of path: String) throws -> Kind {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        if ext == "cfg" { return .cfg }
        if ext == "weights" { return .weights }
        if ext == "onnx" { return .onnx }
        if let h = FileHandle(forReadingAtPath: path) {
            defer { try? h.close() }
            if let head = try? h.read(upToCount: 8), head == Data("SPYGLASS".utf8) { return .spyglass }
        }
        if ext == "spyglass" { return .spyglass }  // let the reader explain what is wrong with it
        throw ModelLoadError.unrecognised(path)
    }

    static func name(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }
}

/// Reads a class-names file (one name per line, as Darknet's coco.names).
public func readClassNames(_ path: String) throws -> [String] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}
