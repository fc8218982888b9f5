/// Problems with evaluation input, naming the file, entry or line at fault.
public enum EvaluationError: Error, Equatable, CustomStringConvertible {
    case detectionForUnknownImage(index: Int, imageID: Int)
    case invalidDetection(index: Int, reason: String)
    /// A JSON file that does not have the expected COCO shape; `path` is like "annotations[3].bbox".
    case malformedJSON(file: String, path: String, reason: String)
    case invalidEntry(file: String, path: String, reason: String)
    case missingFile(path: String, reason: String)
    case emptyDataset(String)
    case malformedDataFile(file: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .detectionForUnknownImage(let i, let id):
            return "detection \(i): image_id \(id) is not an image of the dataset"
        case .invalidDetection(let i, let r): return "detection \(i): \(r)"
        case .malformedJSON(let f, let p, let r): return "\(f): \(p.isEmpty ? "" : "\(p): ")\(r)"
        case .invalidEntry(let f, let p, let r): return "\(f): \(p): \(r)"
        case .missingFile(let p, let r): return "\(p): \(r)"
        case .emptyDataset(let r): return r
        case .malformedDataFile(let f, let l, let r): return "\(f):\(l): \(r)"
        }
    }
}
