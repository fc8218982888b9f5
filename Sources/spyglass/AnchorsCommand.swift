import ArgumentParser
import Foundation
import SpyglassDetection

struct Anchors: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute YOLO anchors by k-means (IoU distance) over a folder of YOLO-format label files.",
        discussion: "Prints the anchors in network-input pixels, in the form a Darknet cfg's anchors= line takes.")

    @Argument(help: "Folder of label files (one .txt per image: `class cx cy w h`, relative).")
    var labels: String

    @Option(name: .short, help: "Number of anchors.")
    var k: Int = 9

    @Option(help: "Network input width.")
    var width: Int = 416

    @Option(help: "Network input height.")
    var height: Int = 416

    @Option(help: "Random seed for k-means++ initialisation.")
    var seed: UInt64 = 1

    @Option(help: "Maximum k-means iterations.")
    var iterations: Int = 300

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        guard k > 0 else { throw CLIError("-k must be positive") }
        let files = try YOLOLabels.readFolder(URL(fileURLWithPath: labels))
        let sizes = files.flatMap { $0.entries.map { (w: $0.box.w, h: $0.box.h) } }
        guard !sizes.isEmpty else { throw CLIError("\(labels): no boxes found in \(files.count) label files") }
        let fit = AnchorKMeans.fit(sizes: sizes, k: k, seed: seed, iterations: iterations)
        let pixels = fit.anchors.map { (w: Int(($0.w * Float(width)).rounded()), h: Int(($0.h * Float(height)).rounded())) }
        if json {
            let obj: [String: Any] = ["anchors": pixels.map { [$0.w, $0.h] }, "mean_iou": Double(fit.meanIoU),
                                      "boxes": sizes.count, "files": files.count]
            print(String(decoding: try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys]), as: UTF8.self))
        } else {
            print("\(sizes.count) boxes from \(files.count) files, k=\(k), input \(width)x\(height)")
            print("anchors = " + pixels.map { "\($0.w),\($0.h)" }.joined(separator: ", "))
            print(String(format: "mean IoU with the nearest anchor: %.4f", fit.meanIoU))
        }
    }
}
