import Foundation

/// Turns one image's YOLO label file (relative `class cx cy w h`) into ground truth in pixels.
/// A missing file means an image without objects (with a warning); a class id beyond the class
/// list skips that object (with a warning naming file and line); a malformed line or a value
/// outside [0, 1] is an error (`YOLOLabelError`, naming file and line).
public enum YOLOLabelConversion {
    public static func groundTruth(labelFile: URL, image: EvalImage, classCount: Int, firstObjectID: Int)
        throws -> (objects: [GroundTruthObject], warnings: [DatasetWarning]) {
        guard FileManager.default.fileExists(atPath: labelFile.path) else {
            return ([], [DatasetWarning(file: labelFile.path, message: "no label file for image \(image.fileName); counted as an image without objects")])
        }
        let text: String
        do { text = try String(contentsOf: labelFile, encoding: .utf8) } catch {
            throw YOLOLabelError.unreadable(file: labelFile.path, reason: "cannot read as UTF-8 text")
        }
        // `parse` validates (errors name file and line); the values are then read again in Double,
        // so boxes are not rounded through Float.
        let entries = try YOLOLabels.parse(text, file: labelFile.path)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { !$0.element.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        var objects: [GroundTruthObject] = [], warnings: [DatasetWarning] = []
        for (entry, (offset, line)) in zip(entries, lines) {
            guard entry.classIndex < classCount else {
                warnings.append(DatasetWarning(file: labelFile.path, line: offset + 1,
                                               message: "class \(entry.classIndex) is not one of the \(classCount) classes; object skipped"))
                continue
            }
            let v = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).dropFirst().compactMap { Double($0) }
            let (cx, cy, rw, rh) = v.count == 4 ? (v[0], v[1], v[2], v[3])
                : (Double(entry.box.x), Double(entry.box.y), Double(entry.box.w), Double(entry.box.h))
            let w = rw * Double(image.width), h = rh * Double(image.height)
            let box = EvalBox(x: cx * Double(image.width) - w / 2, y: cy * Double(image.height) - h / 2, width: w, height: h)
            objects.append(GroundTruthObject(id: firstObjectID + objects.count, imageID: image.id, categoryID: entry.classIndex, box: box))
        }
        return (objects, warnings)
    }
}
