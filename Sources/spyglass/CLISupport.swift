import ArgumentParser
import Foundation
import SpyglassKit

/// Errors print as "error: <message>" and exit non-zero; nothing in the CLI crashes on bad input.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

func stderrPrint(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}

/// Progress on stderr for long work (only when stderr is a terminal, or when asked).
struct Progress {
    let label: String
    let enabled: Bool
    init(_ label: String, enabled: Bool = isatty(2) != 0) { self.label = label; self.enabled = enabled }

    func callback() -> ((Int, Int) -> Void)? {
        guard enabled else { return nil }
        return { done, total in
            let width = 30
            let filled = total > 0 ? width * done / total : width
            let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
            FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)".utf8))
            if done >= total { FileHandle.standardError.write(Data("\n".utf8)) }
        }
    }
}

/// Splits the paths a user typed into models: a `.cfg` followed by its `.weights` is one model,
/// anything else is a model on its own.
func groupModelPaths(_ paths: [String]) -> [[String]] {
    var groups: [[String]] = []
    var i = 0
    while i < paths.count {
        let p = paths[i]
        if p.lowercased().hasSuffix(".cfg"), i + 1 < paths.count, paths[i + 1].lowercased().hasSuffix(".weights") {
            groups.append([p, paths[i + 1]]); i += 2
        } else {
            groups.append([p]); i += 1
        }
    }
    return groups
}

func writeText(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

/// `--bind batch=1 --bind height=640`: values for an ONNX model's symbolic input dims.
func parseBindings(_ items: [String]) throws -> [String: Int] {
    var out: [String: Int] = [:]
    for item in items {
        let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, let v = Int(parts[1]), v > 0 else {
            throw CLIError("--bind '\(item)' must be NAME=POSITIVE_INTEGER (e.g. --bind batch=1)")
        }
        out[parts[0]] = v
    }
    return out
}
