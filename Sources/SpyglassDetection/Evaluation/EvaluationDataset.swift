/// One annotated object. `id` is unique within a dataset (COCO's annotation id).
public struct GroundTruthObject: Hashable, Sendable {
    public var id: Int
    public var imageID: Int
    public var categoryID: Int
    public var box: EvalBox
    /// COCO's `area` (the segment area in COCO files); defaults to the box area.
    public var area: Double
    /// COCO `iscrowd`: a region of many objects; detections inside it are neither right nor wrong.
    public var isCrowd: Bool
    /// VOC `difficult`: excluded from the VOC metrics (detections matching it are ignored).
    public var isDifficult: Bool

    public init(id: Int, imageID: Int, categoryID: Int, box: EvalBox, area: Double? = nil,
                isCrowd: Bool = false, isDifficult: Bool = false) {
        self.id = id; self.imageID = imageID; self.categoryID = categoryID; self.box = box
        self.area = area ?? box.area; self.isCrowd = isCrowd; self.isDifficult = isDifficult
    }
}

/// One detection to evaluate (COCO's results format: image, category, box, score).
public struct ScoredDetection: Hashable, Sendable {
    public var imageID: Int
    public var categoryID: Int
    public var box: EvalBox
    public var score: Double

    public init(imageID: Int, categoryID: Int, box: EvalBox, score: Double) {
        self.imageID = imageID; self.categoryID = categoryID; self.box = box; self.score = score
    }
}

public struct EvalImage: Hashable, Sendable {
    public var id: Int
    public var fileName: String
    public var width: Int
    public var height: Int
    public init(id: Int, fileName: String, width: Int, height: Int) {
        self.id = id; self.fileName = fileName; self.width = width; self.height = height
    }
}

public struct EvalCategory: Hashable, Sendable {
    public var id: Int
    public var name: String
    public init(id: Int, name: String) { self.id = id; self.name = name }
}

/// Images, categories and ground truth: what a COCO annotations file holds, and what a YOLO label
/// folder or a Darknet `.data` file is turned into. Objects keep their file order (the reference
/// tools' order, which decides ties).
public struct EvaluationDataset: Sendable {
    public var images: [EvalImage]
    public var categories: [EvalCategory]
    public var groundTruth: [GroundTruthObject]

    public init(images: [EvalImage], categories: [EvalCategory], groundTruth: [GroundTruthObject]) {
        self.images = images; self.categories = categories; self.groundTruth = groundTruth
    }

    /// Category name by id ("category N" when unnamed).
    public func categoryName(_ id: Int) -> String {
        categories.first { $0.id == id }?.name ?? "category \(id)"
    }
}
