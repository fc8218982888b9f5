import Foundation

/// Runs the built `spyglass` executable, as a user would.
public struct CLIResult {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

public enum CLIRunner {
    /// The executable next to the test bundle (same build configuration).
    public static var executable: URL {
        // On Linux the bundle URL is the build folder itself; elsewhere it is the .xctest bundle in it.
        let bundle = Bundle(for: Marker.self).bundleURL
        let dir = bundle.pathExtension == "xctest" ? bundle.deletingLastPathComponent() : bundle
        let candidate = dir.appendingPathComponent("spyglass")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        return Fixtures.repoRoot.appendingPathComponent(".build/debug/spyglass")
    }

    private final class Marker {}

    /// Written by one reader thread, read after `group.wait()`.
    private final class Collected: @unchecked Sendable { var data = Data() }

    @discardableResult
    public static func run(_ args: [String], timeout: TimeInterval = 300) throws -> CLIResult {
        let p = Process()
        p.executableURL = executable
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read both pipes while the process runs so a chatty child never blocks.
        let outData = Collected(), errData = Collected()
        let group = DispatchGroup()
        group.enter(); DispatchQueue.global().async { outData.data = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter(); DispatchQueue.global().async { errData.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let deadline = Date().addingTimeInterval(timeout)
        while p.isRunning && Date() < deadline { usleep(20_000) }
        if p.isRunning { p.terminate() }
        p.waitUntilExit()
        group.wait()
        return CLIResult(status: p.terminationStatus, stdout: String(decoding: outData.data, as: UTF8.self),
                         stderr: String(decoding: errData.data, as: UTF8.self))
    }
}
