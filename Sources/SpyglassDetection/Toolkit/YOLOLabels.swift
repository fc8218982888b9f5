import Foundation

/// One object in a YOLO label file: class index and box relative to the image (centre and size).
public struct LabelEntry: Equatable, Sendable {
    public var classIndex: Int
    public var box: Box
    public init(classIndex: Int, box: Box) { self.classIndex = classIndex; self.box = box }
}

/// A parsed label file (one per image).
public struct LabelFile: Equatable, Sendable {
    public var url: URL
    public var entries: [LabelEntry]
    public init(url: URL, entries: [LabelEntry]) { self.url = url; self.entries = entries }
}

public enum YOLOLabelError: Error, Equatable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case malformedLine(file: String, line: Int, text: String, reason: String)
    case valueOutOfRange(file: String, line: Int, field: String, value: Float)

    public var description: String {
        switch self {
        case .unreadable(let f, let r): return "\(f): \(r)"
        case .malformedLine(let f, let l, let t, let r): return "\(f):\(l): \(r): '\(t)'"
        case .valueOutOfRange(let f, let l, let field, let v): return "\(f):\(l): \(field) = \(v) is outside [0, 1]"
        }
    }
}

/// Reader for YOLO-format labels: one `class cx cy w h` line per object, coordinates relative.
public enum YOLOLabels {
    /// Every `*.txt` file in `url` (not recursive, sorted by name; `classes.txt`, a name list some
    /// tools put beside the labels, is skipped).
    public static func readFolder(_ url: URL) throws -> [LabelFile] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: url.path)
        } catch {
            throw YOLOLabelError.unreadable(file: url.path, reason: "cannot list folder: \((error as NSError).localizedDescription)")
        }
        return try names.filter { $0.hasSuffix(".txt") && $0 != "classes.txt" }.sorted().map { name in
            let file = url.appendingPathComponent(name)
            return LabelFile(url: file, entries: try readFile(file))
        }
    }

    public static func readFile(_ url: URL) throws -> [LabelEntry] {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw YOLOLabelError.unreadable(file: url.path, reason: "cannot read as UTF-8 text")
        }
        return try parse(text, file: url.path)
    }

    /// Parses label text; `file` names the source in errors. Blank lines are allowed.
    public static func parse(_ text: String, file: String) throws -> [LabelEntry] {
        var entries: [LabelEntry] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let lineNumber = index + 1
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == 5 else {
                throw YOLOLabelError.malformedLine(file: file, line: lineNumber, text: line,
                                                   reason: "expected 5 fields (class cx cy w h), found \(fields.count)")
            }
            guard let classIndex = Int(fields[0]), classIndex >= 0 else {
                throw YOLOLabelError.malformedLine(file: file, line: lineNumber, text: line,
                                                   reason: "class '\(fields[0])' is not a non-negative integer")
            }
            var values: [Float] = []
            for (name, field) in zip(["cx", "cy", "w", "h"], fields[1...]) {
                guard let v = Float(field), v.isFinite else {
                    throw YOLOLabelError.malformedLine(file: file, line: lineNumber, text: line,
                                                       reason: "\(name) '\(field)' is not a number")
                }
                guard v >= 0, v <= 1 else { throw YOLOLabelError.valueOutOfRange(file: file, line: lineNumber, field: name, value: v) }
                values.append(v)
            }
            entries.append(LabelEntry(classIndex: classIndex, box: Box(x: values[0], y: values[1], w: values[2], h: values[3])))
        }
        return entries
    }
}
