import Foundation

/// A Darknet `.data` file (`classes=`, `valid=`, `names=` …): `key=value` lines, `#` and `;`
/// comments, as `read_data_cfg` reads it. Relative paths are tried against the working directory
/// first (where Darknet looks) and then beside the `.data` file.
public struct DarknetDataFile: Sendable {
    public var url: URL
    public var options: [String: String]

    public init(url: URL) throws {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw EvaluationError.missingFile(path: url.path, reason: "cannot read the .data file")
        }
        var options: [String: String] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            guard let eq = line.firstIndex(of: "=") else {
                throw EvaluationError.malformedDataFile(file: url.path, line: index + 1, reason: "expected key=value, found '\(line)'")
            }
            options[line[..<eq].trimmingCharacters(in: .whitespaces)] = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        }
        self.url = url; self.options = options
    }

    /// The `valid=` image list (Darknet's default `data/train.list` when absent), one path a line.
    public func validationImages() throws -> [URL] {
        let list = resolve(options["valid"] ?? "data/train.list")
        let text: String
        do { text = try String(contentsOf: list, encoding: .utf8) } catch {
            throw EvaluationError.missingFile(path: list.path, reason: "cannot read the image list named by valid= in \(url.path)")
        }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.map(resolve)
    }

    /// The `names=` (or `labels=`) file, if given.
    public var namesFile: URL? { (options["names"] ?? options["labels"]).map(resolve) }

    public func resolve(_ path: String) -> URL {
        if path.hasPrefix("/") || FileManager.default.fileExists(atPath: path) { return URL(fileURLWithPath: path) }
        let beside = url.deletingLastPathComponent().appendingPathComponent(path)
        return FileManager.default.fileExists(atPath: beside.path) ? beside : URL(fileURLWithPath: path)
    }

    /// Darknet's label path for an image (`fill_truth_detection`): the first "images", "JPEGImages"
    /// and "raw" become "labels", and the first .jpg/.png/.JPG/.JPEG becomes .txt.
    public static func labelPath(forImage path: String) -> String {
        var p = path
        for (from, to) in [("images", "labels"), ("JPEGImages", "labels"), ("raw", "labels"),
                           (".jpg", ".txt"), (".png", ".txt"), (".JPG", ".txt"), (".JPEG", ".txt")] {
            if let range = p.range(of: from) { p.replaceSubrange(range, with: to) }
        }
        return p
    }
}
