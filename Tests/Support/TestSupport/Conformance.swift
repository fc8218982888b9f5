import Foundation
import XCTest

/// Shared rules for reference comparisons.
public enum Conformance {
    /// The suite's tolerance for network outputs against libdarknet: max |Δ| ≤ 1e-3 × max(1, |ref|).
    public static let darknetTolerance: Float = 1e-3

    /// max over i of |a[i] - ref[i]| / max(1, |ref[i]|), and the index where it occurs. NaN anywhere → infinity.
    public static func maxScaledError(_ a: [Float], _ ref: [Float]) -> (error: Float, index: Int) {
        guard a.count == ref.count else { return (.infinity, -1) }
        var worst: Float = 0, at = -1
        for i in 0..<a.count {
            let d = abs(a[i] - ref[i]) / max(1, abs(ref[i]))
            if d.isNaN { return (.infinity, i) }
            if d > worst { worst = d; at = i }
        }
        return (worst, at)
    }

    /// True when the heavy, full-size variants of conformance tests should run (`make test-full`).
    public static var full: Bool { ProcessInfo.processInfo.environment["SPYGLASS_FULL"] == "1" }

    /// In CI a missing reference is a failure, not a skip: a suite that silently skips its
    /// comparisons proves nothing.
    public static func requireReference(file: StaticString = #filePath, line: UInt = #line) throws {
        if let reason = DarknetReference.unavailableReason() {
            if ProcessInfo.processInfo.environment["CI"] != nil {
                XCTFail("libdarknet is required in CI: \(reason)", file: file, line: line)
            }
            throw XCTSkip(reason)
        }
    }

    /// Same rule for fetched files (pretrained weights): fail in CI, skip locally with a hint.
    public static func requireFile(_ url: URL, hint: String = "run `make fetch`", file: StaticString = #filePath, line: UInt = #line) throws {
        if !FileManager.default.fileExists(atPath: url.path) {
            if ProcessInfo.processInfo.environment["CI"] != nil {
                XCTFail("\(url.path) is missing (\(hint))", file: file, line: line)
            }
            throw XCTSkip("\(url.path) is missing (\(hint))")
        }
    }

    /// Seeded values in [0, 1), like a normalised image.
    public static func randomInput(count: Int, seed: UInt64) -> [Float] {
        var state = seed &+ 0x9E3779B97F4A7C15
        var out = [Float](repeating: 0, count: count)
        for i in 0..<count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            out[i] = Float(state >> 40) / Float(1 << 24)
        }
        return out
    }

    /// A copy of a Debian cfg with the [net] input size changed (for fast variants of big models).
    public static func resizedCfg(_ cfg: URL, width: Int, height: Int, in dir: URL) throws -> URL {
        let text = try String(contentsOf: cfg, encoding: .utf8)
        var inNet = false
        var lines: [String] = []
        for raw in text.components(separatedBy: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") { inNet = line == "[net]" || line == "[network]" }
            if inNet, line.replacingOccurrences(of: " ", with: "").hasPrefix("width=") { lines.append("width=\(width)"); continue }
            if inNet, line.replacingOccurrences(of: " ", with: "").hasPrefix("height=") { lines.append("height=\(height)"); continue }
            lines.append(raw)
        }
        let out = dir.appendingPathComponent(cfg.deletingPathExtension().lastPathComponent + "-\(width)x\(height).cfg")
        try lines.joined(separator: "\n").write(to: out, atomically: true, encoding: .utf8)
        return out
    }
}
