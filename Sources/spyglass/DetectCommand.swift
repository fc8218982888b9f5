import ArgumentParser
import Foundation
import SpyglassDetection
import SpyglassImage
import SpyglassKit
import SpyglassRuntime

struct Detect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Detect objects in images: class, probability and box in pixels; optionally an annotated picture.",
        discussion: """
            spyglass detect yolov3-tiny.spyglass dog.jpg --out dog-annotated.png
            spyglass detect yolov3-tiny.cfg yolov3-tiny.weights dog.jpg horses.jpg --json --names coco.names
            """)

    @Argument(help: "The model (MODEL.spyglass, MODEL.onnx, or MODEL.cfg MODEL.weights) followed by one or more images (JPEG/PNG).")
    var paths: [String]

    @Option(help: "Probability threshold (default: the plugin's, 0.25 for YOLO).")
    var thresh: Float?

    @Option(help: "NMS method: darknet (do_nms_sort, the reference), class, agnostic, soft, soft-gaussian[:sigma] (default: the plugin's; darknet for YOLO v1–v3, class for yolov8).")
    var nms: String?

    @Option(help: "NMS IoU threshold (default: the plugin's, 0.45 for YOLO).")
    var nmsThresh: Float?

    @Option(help: "Class names file (default: the names stored in the model).")
    var names: String?

    @Option(help: "Write annotated pictures: a .png path for one image, or a folder for several.")
    var out: String?

    @Option(help: "Refuse images with more pixels than this.")
    var maxPixels: Int = ImageIO.defaultMaxPixels

    @Option(help: "Detector plugin (default: recorded in the model, or found from its graph).")
    var plugin: String?

    @Option(help: "Threads.")
    var threads: Int = 1

    @Flag(help: "Print one JSON object per image.")
    var json = false

    static let imageExtensions: Set<String> = ["jpg", "jpeg", "png"]

    func run() throws {
        let modelPaths = paths.filter { !Self.imageExtensions.contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) }
        let imagePaths = paths.filter { Self.imageExtensions.contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) }
        guard !imagePaths.isEmpty else { throw CLIError("no images given (JPEG or PNG files after the model)") }
        let method = try nms.map { try NMSMethod(parsing: $0) }
        var graph = try ModelLoader.load(modelPaths).graph
        if let names { graph.metadata.classNames = try readClassNames(names) }
        let detector = try Detector(graph: graph, plugin: plugin, options: RuntimeOptions(threads: threads))
        if let out, imagePaths.count > 1 {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        }
        for path in imagePaths {
            let image = try ImageIO.loadPacked(path: path, maxPixels: maxPixels)
            let start = DispatchTime.now()
            let detections = try detector.detect(image, threshold: thresh, nms: method, nmsThreshold: nmsThresh)
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e6
            if json {
                print(try jsonLine(path: path, image: image, detections: detections, ms: ms))
            } else {
                print("\(path): \(detections.count) detection\(detections.count == 1 ? "" : "s") in \(String(format: "%.0f", ms)) ms")
                for d in detections {
                    print("  " + d.className.padding(toLength: 14, withPad: " ", startingAt: 0)
                          + String(format: "%3.0f%%   left %4.0f  top %4.0f  right %4.0f  bottom %4.0f",
                                   d.score * 100, d.box.left, d.box.top, d.box.right, d.box.bottom))
                }
            }
            if let out {
                let target = imagePaths.count > 1
                    ? (out as NSString).appendingPathComponent(URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent + "-annotated.png")
                    : out
                let labels = detections.map {
                    BoxLabel(left: $0.box.left, top: $0.box.top, right: $0.box.right, bottom: $0.box.bottom,
                             text: "\($0.className) \(Int(($0.score * 100).rounded()))%", classIndex: $0.classIndex)
                }
                try ImageIO.writePNG(annotate(image.image, labels: labels), to: target)
                if !json { print("  annotated: \(target)") }
            }
        }
    }

    func jsonLine(path: String, image: PackedImage, detections: [Detection], ms: Double) throws -> String {
        let items: [[String: Any]] = detections.map { d in
            ["class_id": d.classIndex, "class": d.className, "score": Double(d.score),
             "box": ["left": Double(d.box.left), "top": Double(d.box.top), "right": Double(d.box.right), "bottom": Double(d.box.bottom)]]
        }
        let obj: [String: Any] = ["image": path, "width": image.width, "height": image.height, "ms": ms, "detections": items]
        return String(decoding: try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys]), as: UTF8.self)
    }
}
