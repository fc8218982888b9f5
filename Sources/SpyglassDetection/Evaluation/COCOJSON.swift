import Foundation

/// COCO-format files: the annotations file (`images`, `annotations`, `categories`) and the results
/// file (an array of `{image_id, category_id, bbox, score}`). Boxes are `[x, y, width, height]` in
/// pixels. Unknown fields (segmentation, licences …) are ignored. A non-standard `difficult` flag on
/// annotations is read for the VOC metrics.
public enum COCOJSON {
    public static func readAnnotations(_ url: URL) throws -> EvaluationDataset {
        try decodeAnnotations(try readData(url), file: url.path)
    }

    public static func readResults(_ url: URL) throws -> [ScoredDetection] {
        try decodeResults(try readData(url), file: url.path)
    }

    public static func decodeAnnotations(_ data: Data, file: String) throws -> EvaluationDataset {
        let raw: AnnotationsFile = try decode(data, file: file)
        var images: [EvalImage] = []
        var seenImages = Set<Int>()
        for (i, image) in raw.images.enumerated() {
            guard seenImages.insert(image.id).inserted else {
                throw EvaluationError.invalidEntry(file: file, path: "images[\(i)].id", reason: "image id \(image.id) appears twice")
            }
            images.append(EvalImage(id: image.id, fileName: image.file_name ?? "", width: image.width ?? 0, height: image.height ?? 0))
        }
        let categories = raw.categories.map { EvalCategory(id: $0.id, name: $0.name ?? "category \($0.id)") }
        let knownCategories = Set(categories.map(\.id))
        var objects: [GroundTruthObject] = []
        for (i, a) in (raw.annotations ?? []).enumerated() {
            let path = "annotations[\(i)]"
            let box = try checkedBox(a.bbox, file: file, path: path)
            guard seenImages.contains(a.image_id) else {
                throw EvaluationError.invalidEntry(file: file, path: path, reason: "image_id \(a.image_id) is not in `images`")
            }
            guard knownCategories.contains(a.category_id) else {
                throw EvaluationError.invalidEntry(file: file, path: path, reason: "category_id \(a.category_id) is not in `categories`")
            }
            objects.append(GroundTruthObject(id: a.id ?? i + 1, imageID: a.image_id, categoryID: a.category_id, box: box,
                                             area: a.area, isCrowd: a.iscrowd?.value ?? false, isDifficult: a.difficult?.value ?? false))
        }
        return EvaluationDataset(images: images, categories: categories, groundTruth: objects)
    }

    public static func decodeResults(_ data: Data, file: String) throws -> [ScoredDetection] {
        let raw: [Result] = try decode(data, file: file)
        return try raw.enumerated().map { i, r in
            let path = "[\(i)]"
            guard r.score.isFinite else { throw EvaluationError.invalidEntry(file: file, path: path, reason: "score \(r.score) is not a finite number") }
            return ScoredDetection(imageID: r.image_id, categoryID: r.category_id,
                                   box: try checkedBox(r.bbox, file: file, path: path), score: r.score)
        }
    }

    /// A results file (what `--detections` reads and pycocotools' `loadRes` takes).
    public static func encodeResults(_ detections: [ScoredDetection]) -> Data {
        let items = detections.map { d in
            "{\"image_id\":\(d.imageID),\"category_id\":\(d.categoryID),\"bbox\":\(boxJSON(d.box)),\"score\":\(d.score)}"
        }
        return Data(("[" + items.joined(separator: ",\n") + "]\n").utf8)
    }

    /// An annotations file for `dataset` (what `--coco` reads and pycocotools' `COCO` takes).
    public static func encodeAnnotations(_ dataset: EvaluationDataset) -> Data {
        let images = dataset.images.map {
            "{\"id\":\($0.id),\"file_name\":\(quoted($0.fileName)),\"width\":\($0.width),\"height\":\($0.height)}"
        }
        let objects = dataset.groundTruth.map { g in
            "{\"id\":\(g.id),\"image_id\":\(g.imageID),\"category_id\":\(g.categoryID),\"bbox\":\(boxJSON(g.box)),"
                + "\"area\":\(g.area),\"iscrowd\":\(g.isCrowd ? 1 : 0),\"difficult\":\(g.isDifficult ? 1 : 0)}"
        }
        let categories = dataset.categories.map { "{\"id\":\($0.id),\"name\":\(quoted($0.name))}" }
        let text = "{\"images\":[\n" + images.joined(separator: ",\n") + "],\n\"annotations\":[\n" + objects.joined(separator: ",\n")
            + "],\n\"categories\":[\n" + categories.joined(separator: ",\n") + "]}\n"
        return Data(text.utf8)
    }

    // Doubles print in Swift's shortest round-trip form, so Python reads back the same values.
    private static func boxJSON(_ b: EvalBox) -> String { "[\(b.x),\(b.y),\(b.width),\(b.height)]" }

    private static func quoted(_ s: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [s], options: [.fragmentsAllowed])) ?? Data("[\"\"]".utf8)
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    private static func checkedBox(_ v: [Double], file: String, path: String) throws -> EvalBox {
        guard v.count == 4 else { throw EvaluationError.invalidEntry(file: file, path: path + ".bbox", reason: "expected 4 numbers [x, y, width, height], found \(v.count)") }
        guard v.allSatisfy(\.isFinite), v[2] >= 0, v[3] >= 0 else {
            throw EvaluationError.invalidEntry(file: file, path: path + ".bbox", reason: "\(v) is not a box (finite numbers, width and height ≥ 0)")
        }
        return EvalBox(x: v[0], y: v[1], width: v[2], height: v[3])
    }

    private static func readData(_ url: URL) throws -> Data {
        do { return try Data(contentsOf: url) } catch {
            throw EvaluationError.missingFile(path: url.path, reason: "cannot read: \((error as NSError).localizedDescription)")
        }
    }

    private static func decode<T: Decodable>(_ data: Data, file: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            let (path, reason): ([CodingKey], String)
            switch error {
            case .typeMismatch(let type, let c): (path, reason) = (c.codingPath, "expected \(type): \(c.debugDescription)")
            case .valueNotFound(let type, let c): (path, reason) = (c.codingPath, "missing \(type) value")
            case .keyNotFound(let key, let c): (path, reason) = (c.codingPath, "missing field \"\(key.stringValue)\"")
            case .dataCorrupted(let c): (path, reason) = (c.codingPath, "not valid JSON: \(c.debugDescription)")
            @unknown default: (path, reason) = ([], "\(error)")
            }
            throw EvaluationError.malformedJSON(file: file, path: render(path), reason: reason)
        }
    }

    private static func render(_ path: [CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            .trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }

    // The file shapes, with COCO's field names.
    private struct AnnotationsFile: Decodable {
        var images: [ImageEntry]
        var annotations: [Annotation]?
        var categories: [Category]
    }
    private struct ImageEntry: Decodable { var id: Int; var file_name: String?; var width: Int?; var height: Int? }
    private struct Category: Decodable { var id: Int; var name: String? }
    private struct Annotation: Decodable {
        var id: Int?; var image_id: Int; var category_id: Int; var bbox: [Double]; var area: Double?
        var iscrowd: Flag?; var difficult: Flag?
    }
    private struct Result: Decodable { var image_id: Int; var category_id: Int; var bbox: [Double]; var score: Double }

    /// 0/1 or false/true.
    private struct Flag: Decodable {
        var value: Bool
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let b = try? c.decode(Bool.self) { value = b } else { value = try c.decode(Int.self) != 0 }
        }
    }
}
