import Foundation
import Logging
import SpyglassImage

/// Everything `spyglass serve` is told on its command line.
public struct ServerConfiguration: Sendable {
    /// Interface to bind; loopback unless the operator opens it up.
    public var host: String
    /// TCP port; 0 picks a free one (tests), reported through `onListening`.
    public var port: Int
    public var models: [ModelSpec]
    /// Inference threads; each owns one detector per model, so `workers` requests run in parallel.
    public var workers: Int
    /// Requests allowed to wait for a worker; beyond `workers + queueLimit` requests get 503.
    public var queueLimit: Int
    /// Largest request body accepted (413 beyond).
    public var maxBodyBytes: Int
    /// Largest image accepted, width × height (413 beyond, checked before pixels are decoded).
    public var maxPixels: Int
    /// When set, every model and metrics endpoint needs `Authorization: Bearer <token>`.
    public var token: String?
    /// Kernel threads per worker.
    public var threadsPerWorker: Int
    /// Folder of JPEG/PNG sample images the web page offers (served read-only under /samples/).
    public var samplesDirectory: String?
    public var logger: Logger

    public static let defaultMaxBodyBytes = 8 * 1024 * 1024
    public static let defaultMaxPixels = 40_000_000

    public init(host: String = "127.0.0.1", port: Int = 8080, models: [ModelSpec],
                workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount),
                queueLimit: Int = 16, maxBodyBytes: Int = defaultMaxBodyBytes,
                maxPixels: Int = defaultMaxPixels, token: String? = nil, threadsPerWorker: Int = 1,
                samplesDirectory: String? = nil, logger: Logger = Logger(label: "spyglass.serve")) {
        self.host = host; self.port = port; self.models = models; self.workers = workers
        self.queueLimit = queueLimit; self.maxBodyBytes = maxBodyBytes; self.maxPixels = maxPixels
        self.token = token; self.threadsPerWorker = threadsPerWorker
        self.samplesDirectory = samplesDirectory; self.logger = logger
    }

    /// Refuses settings that cannot work, with the flag to fix.
    public func validate() throws {
        guard !models.isEmpty else { throw ServerSetupError.invalidSetting("give at least one --model NAME=PATH") }
        guard (0...65535).contains(port) else { throw ServerSetupError.invalidSetting("--port must be 0…65535, got \(port)") }
        guard workers >= 1 else { throw ServerSetupError.invalidSetting("--workers must be at least 1, got \(workers)") }
        guard queueLimit >= 0 else { throw ServerSetupError.invalidSetting("--queue must be 0 or more, got \(queueLimit)") }
        guard maxBodyBytes >= 1 else { throw ServerSetupError.invalidSetting("--max-body must be at least 1 byte, got \(maxBodyBytes)") }
        guard maxPixels >= 1 else { throw ServerSetupError.invalidSetting("--max-pixels must be at least 1, got \(maxPixels)") }
        guard threadsPerWorker >= 1 else { throw ServerSetupError.invalidSetting("--threads must be at least 1, got \(threadsPerWorker)") }
        if let token, token.isEmpty { throw ServerSetupError.invalidSetting("--token must not be empty") }
        var seen = Set<String>()
        for m in models where !seen.insert(m.name).inserted {
            throw ServerSetupError.invalidSetting("model name '\(m.name)' given twice")
        }
    }
}

/// Why the server could not start.
public enum ServerSetupError: Error, CustomStringConvertible, Equatable {
    case invalidModelSpec(String, reason: String)
    case invalidSetting(String)
    case modelLoad(name: String, reason: String)

    public var description: String {
        switch self {
        case .invalidModelSpec(let s, let r): return "--model '\(s)': \(r) (expected NAME=MODEL.spyglass or NAME=MODEL.cfg,MODEL.weights[,CLASSES.names])"
        case .invalidSetting(let m): return m
        case .modelLoad(let n, let r): return "model '\(n)': \(r)"
        }
    }
}
