/// Which dataset category a model's class index stands for. By name first (case, spaces and
/// Darknet's VOC-style COCO names such as "motorbike"/"tvmonitor" forgiven); when names do not all
/// match but the counts agree, by position in ascending category id — Darknet's own `coco_ids`
/// mapping of its 80 classes onto COCO's 91 ids.
public enum CategoryMapping {
    static let aliases = ["motorbike": "motorcycle", "aeroplane": "airplane", "sofa": "couch", "tvmonitor": "tv"]

    static func key(_ name: String) -> String {
        let k = name.lowercased().filter { !$0.isWhitespace && $0 != "_" && $0 != "-" }
        return aliases[k] ?? k
    }

    public static func make(classNames: [String], categories: [EvalCategory]) -> (map: [Int: Int], warnings: [DatasetWarning]) {
        var byName: [String: Int] = [:]
        for c in categories where byName[key(c.name)] == nil { byName[key(c.name)] = c.id }
        var map: [Int: Int] = [:]
        for (index, name) in classNames.enumerated() { if let id = byName[key(name)] { map[index] = id } }
        if map.count == classNames.count { return (map, []) }
        let sorted = categories.map(\.id).sorted()
        if sorted.count == classNames.count {
            let positional = Dictionary(uniqueKeysWithValues: zip(classNames.indices, sorted))
            return (positional, [DatasetWarning(file: "categories", message:
                "\(classNames.count - map.count) class names do not match category names; mapped class i to the i-th category by ascending id")])
        }
        let unmatched = classNames.indices.filter { map[$0] == nil }.map { classNames[$0] }
        return (map, [DatasetWarning(file: "categories", message:
            "no dataset category for \(unmatched.count) model classes (\(unmatched.prefix(5).joined(separator: ", "))\(unmatched.count > 5 ? ", …" : "")); their detections are left out")])
    }
}
