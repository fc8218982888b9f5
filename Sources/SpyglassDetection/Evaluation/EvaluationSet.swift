import Foundation
import SpyglassImage

/// Where the images and their ground truth come from.
public enum EvaluationSource: Sendable {
    /// A folder of images and a folder of YOLO label files (`name.txt` for `name.jpg`).
    case yoloFolders(images: URL, labels: URL)
    /// A COCO annotations file; `images` is the folder its `file_name`s are in (needed to run a model).
    case coco(annotations: URL, images: URL?)
    /// A Darknet `.data` file: `valid=` image list, labels by Darknet's images→labels path rule.
    case darknetData(URL)
}

/// The images to evaluate and where their ground truth is. Image ids are 1, 2, … in list order
/// for YOLO-label and `.data` sets (file-name order for folders) and the file's ids for COCO;
/// category ids are class indices for YOLO-label sets.
public struct EvaluationSet {
    public var images: [EvalImage]
    /// Parallel to `images`; nil when the images are not available (COCO without an image folder).
    public var imageURLs: [URL]?
    /// Parallel to `images` for YOLO-label sets.
    public var labelURLs: [URL]?
    public var categories: [EvalCategory]
    /// The ground truth of a COCO set (YOLO labels are read while the images are loaded).
    var cocoGroundTruth: [GroundTruthObject]?
    public var warnings: [DatasetWarning] = []

    static let imageExtensions: Set<String> = ["jpg", "jpeg", "png"]

    /// `classNames` names the categories of YOLO-label sets (required there; a `.data` file's
    /// `names=` is used when nil).
    public static func open(_ source: EvaluationSource, classNames: [String]?) throws -> EvaluationSet {
        switch source {
        case .yoloFolders(let imagesDir, let labelsDir):
            let names = try requireNames(classNames)
            let files: [String]
            do { files = try FileManager.default.contentsOfDirectory(atPath: imagesDir.path) } catch {
                throw EvaluationError.missingFile(path: imagesDir.path, reason: "cannot list the image folder")
            }
            let imageFiles = files.filter { imageExtensions.contains(($0 as NSString).pathExtension.lowercased()) }.sorted()
            guard !imageFiles.isEmpty else { throw EvaluationError.emptyDataset("\(imagesDir.path): no images (.jpg, .jpeg, .png) in the folder") }
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: labelsDir.path, isDirectory: &isDir), isDir.boolValue else {
                throw EvaluationError.missingFile(path: labelsDir.path, reason: "no such label folder")
            }
            let urls = imageFiles.map { imagesDir.appendingPathComponent($0) }
            let labels = imageFiles.map { labelsDir.appendingPathComponent(($0 as NSString).deletingPathExtension + ".txt") }
            var set = EvaluationSet(images: images(for: urls), imageURLs: urls, labelURLs: labels, categories: categories(names))
            set.warnings += orphanLabelWarnings(labelsDir: labelsDir, used: Set(labels.map(\.lastPathComponent)))
            return set
        case .darknetData(let file):
            let data = try DarknetDataFile(url: file)
            var names = classNames
            if names == nil, let namesFile = data.namesFile { names = try readNames(namesFile) }
            let urls = try data.validationImages()
            guard !urls.isEmpty else { throw EvaluationError.emptyDataset("\(file.path): the valid= image list is empty") }
            let labels = urls.map { URL(fileURLWithPath: DarknetDataFile.labelPath(forImage: $0.path)) }
            return EvaluationSet(images: images(for: urls), imageURLs: urls, labelURLs: labels, categories: categories(try requireNames(names)))
        case .coco(let annotations, let imagesDir):
            let dataset = try COCOJSON.readAnnotations(annotations)
            guard !dataset.images.isEmpty else { throw EvaluationError.emptyDataset("\(annotations.path): no images") }
            let urls = imagesDir.map { dir in dataset.images.map { dir.appendingPathComponent($0.fileName) } }
            return EvaluationSet(images: dataset.images, imageURLs: urls, labelURLs: nil, categories: dataset.categories,
                                 cocoGroundTruth: dataset.groundTruth)
        }
    }

    /// Loads each image once (for its size, and for the detectors), reads its labels, and returns
    /// the dataset with one detection list per detector. `progress(done, total)` after each image.
    public func run(detectors: [(Image, EvalImage) throws -> [ScoredDetection]], maxPixels: Int = ImageIO.defaultMaxPixels,
                    progress: ((Int, Int) -> Void)? = nil) throws -> (dataset: EvaluationDataset, detections: [[ScoredDetection]], warnings: [DatasetWarning]) {
        var images = self.images, objects = cocoGroundTruth ?? [], warnings = self.warnings
        var detections = [[ScoredDetection]](repeating: [], count: detectors.count)
        let mustLoad = !detectors.isEmpty || labelURLs != nil
        if mustLoad && imageURLs == nil {
            throw EvaluationError.missingFile(path: "--images", reason: "running a model needs the image folder of the COCO annotations")
        }
        for i in images.indices {
            if mustLoad, let url = imageURLs?[i] {
                let image = try ImageIO.load(path: url.path, maxPixels: maxPixels)
                images[i].width = image.width; images[i].height = image.height
                for (k, detect) in detectors.enumerated() { detections[k] += try detect(image, images[i]) }
            }
            if let labels = labelURLs {
                let (found, problems) = try YOLOLabelConversion.groundTruth(labelFile: labels[i], image: images[i], classCount: categories.count,
                                                                             firstObjectID: objects.count + 1)
                objects += found; warnings += problems
            }
            progress?(i + 1, images.count)
        }
        return (EvaluationDataset(images: images, categories: categories, groundTruth: objects), detections, warnings)
    }

    static func images(for urls: [URL]) -> [EvalImage] {
        urls.enumerated().map { EvalImage(id: $0.offset + 1, fileName: $0.element.lastPathComponent, width: 0, height: 0) }
    }

    static func categories(_ names: [String]) -> [EvalCategory] { names.enumerated().map { EvalCategory(id: $0.offset, name: $0.element) } }

    static func requireNames(_ names: [String]?) throws -> [String] {
        guard let names, !names.isEmpty else {
            throw EvaluationError.missingFile(path: "class names", reason: "YOLO labels need class names: give --names (or names= in the .data file, or a model that stores them)")
        }
        return names
    }

    static func readNames(_ url: URL) throws -> [String] {
        do {
            return try String(contentsOf: url, encoding: .utf8).split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        } catch { throw EvaluationError.missingFile(path: url.path, reason: "cannot read the class names file") }
    }

    static func orphanLabelWarnings(labelsDir: URL, used: Set<String>) -> [DatasetWarning] {
        let all = ((try? FileManager.default.contentsOfDirectory(atPath: labelsDir.path)) ?? [])
            .filter { $0.hasSuffix(".txt") && $0 != "classes.txt" }
        let orphans = all.filter { !used.contains($0) }.sorted()
        guard !orphans.isEmpty else { return [] }
        return [DatasetWarning(file: labelsDir.path, message: "\(orphans.count) label file(s) without an image, ignored: \(orphans.prefix(3).joined(separator: ", "))\(orphans.count > 3 ? ", …" : "")")]
    }
}
