import ArgumentParser
import Foundation
import SpyglassDetection
import SpyglassImage
import SpyglassKit
import SpyglassRuntime

struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate detections against ground truth: per-class AP, VOC07/VOC12 mAP@0.5, COCO AP@[.5:.95].",
        discussion: """
            Ground truth: --images DIR --labels DIR (YOLO labels), --coco FILE
            [--images DIR], or a Darknet .data file (valid= image list, names=;
            labels found by Darknet's images -> labels path rule).

              spyglass eval m.spyglass --images val/img --labels val/lbl --names n.txt
              spyglass eval yolov3-tiny.cfg yolov3-tiny.weights coco.data --json m.json
              spyglass eval --detections dets.json --coco instances_val2017.json
              spyglass eval a.spyglass --compare b.spyglass --images DIR --labels DIR

            YOLO-label and .data sets number images 1, 2, ... in file-name (list)
            order and use class indices as category ids; --save-detections
            writes them for a later --detections run. With --compare, --json holds
            both models ("a", "b"); --plot and --save-detections the first.
            """)

    @Argument(help: "The model (MODEL.spyglass, MODEL.onnx, or MODEL.cfg MODEL.weights), optionally followed by a Darknet .data file.")
    var paths: [String] = []

    @Option(help: "Folder of images (JPEG/PNG).") var images: String?
    @Option(help: "Folder of YOLO label files (name.txt for name.jpg).") var labels: String?
    @Option(help: "COCO annotations file (ground truth).") var coco: String?
    @Option(help: "Darknet .data file (valid=, names=).") var data: String?
    @Option(help: "Class names file (default: names= of the .data file, else the names stored in the model).") var names: String?
    @Option(help: "Evaluate these saved detections (COCO results JSON) instead of running a model.") var detections: String?
    @Option(parsing: .upToNextOption, help: "A second model (MODEL.spyglass, MODEL.onnx, or MODEL.cfg MODEL.weights) to compare per class.")
    var compare: [String] = []
    @Option(help: "Write the metrics as JSON.") var json: String?
    @Option(help: "Write the precision/recall curves (IoU 0.5) as a PNG.") var plot: String?
    @Option(help: "Write the model's detections in COCO results format.") var saveDetections: String?
    @Option(help: "Detection threshold (low, so the whole PR curve is seen).") var thresh: Float = 0.005
    @Option(help: "NMS IoU threshold (default: the plugin's).") var nmsThresh: Float?
    @Option(help: "Detector plugin (default: recorded in the model, or found from its graph).") var plugin: String?
    @Option(help: "Threads.") var threads: Int = 1
    @Flag(help: "Draw the progress bar even when stderr is not a terminal.") var progress = false

    func run() throws {
        var modelPaths = paths
        var dataFile = data
        if let d = paths.first(where: { $0.lowercased().hasSuffix(".data") }) {
            guard dataFile == nil else { throw CLIError("give one .data file") }
            dataFile = d; modelPaths.removeAll { $0 == d }
        }
        guard modelPaths.isEmpty != (detections == nil) else {
            throw CLIError(detections == nil ? "give a model to run, or --detections FILE" : "give either a model or --detections, not both")
        }
        if detections != nil && !compare.isEmpty { throw CLIError("--compare needs a model to compare with") }

        let models = try ([modelPaths] + (compare.isEmpty ? [] : [compare])).filter { !$0.isEmpty }.map { try loadModel($0) }
        let namesList = try names.map { try readClassNames($0) }
        let source = try datasetSource(dataFile)
        // Class names: --names, else the .data file's names=, else the model's.
        var classNames = namesList
        if try classNames == nil && !dataFileNamesClasses(source) { classNames = models.first?.graph.metadata.classNames }
        let set = try EvaluationSet.open(source, classNames: classNames?.isEmpty == true ? nil : classNames)

        var warnings: [DatasetWarning] = []
        var detectors: [(Image, EvalImage) throws -> [ScoredDetection]] = []
        for model in models {
            let detector = try Detector(graph: model.graph, plugin: plugin, options: RuntimeOptions(threads: threads))
            let (map, problems) = categoryMap(modelClasses: detector.defaults.classNames, source: source, categories: set.categories)
            warnings += problems
            let (t, n) = (thresh, nmsThresh)
            detectors.append { image, info in
                try detector.detect(image, threshold: t, nmsThreshold: n).compactMap { d in
                    map[d.classIndex].map { ScoredDetection(imageID: info.id, categoryID: $0, box: EvalBox(d.box), score: Double(d.score)) }
                }
            }
        }
        let bar = Progress("evaluating \(set.images.count) images", enabled: progress || isatty(2) != 0).callback()
        let result = try set.run(detectors: detectors, progress: bar)
        warnings = result.warnings + warnings
        var runs = result.detections
        if let detections { runs = [try COCOJSON.readResults(URL(fileURLWithPath: detections))] }
        printWarnings(warnings)

        if let saveDetections, let first = runs.first {
            try COCOJSON.encodeResults(first).write(to: URL(fileURLWithPath: saveDetections))
        }
        let reports = try runs.map { try EvaluationReport.make(result.dataset, detections: $0, warnings: warnings) }
        guard let report = reports.first else { return }
        if reports.count == 2 {
            print("Model A: \(models[0].sourceDescription)\n" + report.summary())
            print("\nModel B: \(models[1].sourceDescription)\n" + reports[1].summary())
            print("")
            print(EvaluationComparison.table(report, reports[1], baseName: models[0].sourceDescription, otherName: models[1].sourceDescription))
        } else {
            print(report.table())
        }
        if report.cocoEvaluation.skippedDetections > 0 {
            stderrPrint("warning: \(report.cocoEvaluation.skippedDetections) detections have a category_id that is not in the dataset; left out")
        }
        if let json {
            let data = reports.count == 2
                ? try EvaluationReport.comparisonJSON(report, reports[1], modelA: models[0].sourceDescription, modelB: models[1].sourceDescription)
                : try report.json()
            try data.write(to: URL(fileURLWithPath: json))
        }
        if let plot {
            let (curves, mean) = report.precisionRecallCurves()
            let title = "PR at IoU 0.5 - AP50 " + String(format: "%.1f", report.coco.ap50 * 100)
            try ImageIO.writePNG(PRCurvePlot.render(classes: curves, mean: mean, title: title), to: plot)
        }
    }

    func loadModel(_ paths: [String]) throws -> LoadedModel {
        var model = try ModelLoader.load(paths)
        if let names { model.graph.metadata.classNames = try readClassNames(names) }
        return model
    }

    func dataFileNamesClasses(_ source: EvaluationSource) throws -> Bool {
        if case .darknetData(let url) = source { return try DarknetDataFile(url: url).namesFile != nil }
        return false
    }

    func datasetSource(_ dataFile: String?) throws -> EvaluationSource {
        let given = [coco != nil, labels != nil, dataFile != nil].filter { $0 }.count
        guard given == 1 else {
            throw CLIError(given == 0 ? "no ground truth: give --images DIR --labels DIR, --coco FILE, or a Darknet .data file"
                                      : "give one of --labels, --coco and a .data file")
        }
        if let coco { return .coco(annotations: URL(fileURLWithPath: coco), images: images.map { URL(fileURLWithPath: $0) }) }
        if let dataFile { return .darknetData(URL(fileURLWithPath: dataFile)) }
        guard let images, let labels else { throw CLIError("--labels needs --images (the folder of the pictures)") }
        return .yoloFolders(images: URL(fileURLWithPath: images), labels: URL(fileURLWithPath: labels))
    }

    /// Model class index → dataset category id: by index for YOLO-label sets, by name for COCO.
    func categoryMap(modelClasses: [String], source: EvaluationSource, categories: [EvalCategory]) -> ([Int: Int], [DatasetWarning]) {
        if case .coco = source { return CategoryMapping.make(classNames: modelClasses, categories: categories) }
        var warnings: [DatasetWarning] = []
        if !modelClasses.isEmpty && modelClasses.count != categories.count {
            warnings.append(DatasetWarning(file: "class names", message: "the model has \(modelClasses.count) classes, the dataset \(categories.count); detections of classes beyond the dataset's are left out"))
        }
        let count = modelClasses.isEmpty ? categories.count : min(modelClasses.count, categories.count)
        return (Dictionary(uniqueKeysWithValues: (0..<count).map { ($0, $0) }), warnings)
    }

    func printWarnings(_ warnings: [DatasetWarning]) {
        for w in warnings.prefix(20) { stderrPrint("warning: \(w)") }
        if warnings.count > 20 { stderrPrint("warning: … and \(warnings.count - 20) more") }
    }
}
