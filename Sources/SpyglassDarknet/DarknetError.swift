import Foundation

/// One thing in a cfg that Spyglass cannot import, with its location.
public struct DarknetProblem: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case unknownSection, unknownOption, unknownActivation, badValue, missingOption
        case unsupported, structure, syntax
    }
    public var kind: Kind
    public var file: String
    public var line: Int
    /// Section name without brackets, e.g. "convolutional" ("" before the first section).
    public var section: String
    /// The option involved, if any.
    public var key: String?
    public var message: String

    public init(kind: Kind, file: String, line: Int, section: String, key: String? = nil, message: String) {
        self.kind = kind; self.file = file; self.line = line; self.section = section; self.key = key; self.message = message
    }

    /// "yolov3.cfg:12 [convolutional] size: expected an integer, got 'abc'"
    public var description: String {
        "\(file):\(line) [\(section)] " + (key.map { "\($0): " } ?? "") + message
    }
}

/// Errors from importing or exporting Darknet models. Each carries its location.
public enum DarknetError: Error, CustomStringConvertible {
    public typealias Problem = DarknetProblem

    /// Everything in the cfg that could not be imported, all at once.
    case compatibility([Problem])
    /// The weights file ended inside a layer's parameters.
    case truncatedWeights(layer: Int, section: String, file: String, line: Int, expectedBytes: Int, actualBytes: Int)
    /// The weights file holds more bytes than the cfg's layers read.
    case trailingBytes(count: Int)
    /// The weights file is too short to hold its header.
    case badWeightsHeader(message: String)
    /// A file could not be read or written.
    case io(path: String, message: String)
    /// The graph cannot be written as a Darknet cfg (names the node).
    case unsupportedGraph(node: String, message: String)

    public var description: String {
        switch self {
        case .compatibility(let problems):
            let noun = problems.count == 1 ? "problem" : "problems"
            return "cannot import Darknet cfg (\(problems.count) \(noun)):\n"
                + problems.map { "  " + $0.description }.joined(separator: "\n")
        case .truncatedWeights(let layer, let section, let file, let line, let expected, let actual):
            return "weights file ends inside layer \(layer) [\(section)] (\(file):\(line)): "
                + "it needs \(expected) bytes but only \(actual) remain"
        case .trailingBytes(let count):
            return "weights file has \(count) bytes left over after the last layer: cfg and weights do not match"
        case .badWeightsHeader(let m):
            return "bad weights header: \(m)"
        case .io(let path, let m):
            return "\(path): \(m)"
        case .unsupportedGraph(let node, let m):
            return "cannot export to Darknet: \(node): \(m)"
        }
    }
}
